import { createHash } from "node:crypto";

/** SHA-256 of a token sent in a link: the database keeps only this, so a leaked table grants nothing. */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
