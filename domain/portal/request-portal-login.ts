import { randomBytes } from "node:crypto";
import type { Database } from "../../db/client";
import { portalLogins, type PortalApplication } from "../../db/schema/index";
import { hashToken } from "../shared/hash-token";
import { invalid } from "../shared/errors";
import { EMAIL_PATTERN, normalizeEmail } from "../shared/normalize";
import { joinableProgramOrThrow } from "./join-program-by-email";
import type { PortalLogin } from "../../db/schema/rows";

export const LOGIN_LINK_MINUTES = 15;

/**
 * A one-time sign-in link for an email, partner or not: the caller sends the link to that address whatever
 * the answer, so nobody learns from the portal who is a partner. With an application, following the link also
 * applies to the program (the partner is created only once the email is confirmed). Returns the token; only its
 * hash is stored.
 */
export async function requestPortalLogin(
  db: Database,
  shopId: string,
  input: { email: string; application?: PortalApplication | null },
  now = new Date(),
): Promise<{ token: string; login: PortalLogin }> {
  const email = input.email.trim();
  if (email.length > 320 || !EMAIL_PATTERN.test(email)) throw invalid("email must be an email address", "email");
  if (input.application) await joinableProgramOrThrow(db, shopId, input.application.programId);
  const token = randomBytes(32).toString("base64url");
  const [login] = await db
    .insert(portalLogins)
    .values({
      shopId,
      email,
      emailNormalized: normalizeEmail(email),
      tokenHash: hashToken(token),
      application: input.application ?? null,
      expiresAt: new Date(now.getTime() + LOGIN_LINK_MINUTES * 60_000),
    })
    .returning();
  return { token, login: login! };
}
