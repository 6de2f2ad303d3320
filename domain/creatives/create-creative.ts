import { createHash } from "node:crypto";
import { getTableColumns } from "drizzle-orm";
import type { Database } from "../../db/client";
import { creatives } from "../../db/schema/index";
import { findProgramOrThrow } from "../programs/find-program-or-throw";
import { invalid } from "../shared/errors";
import { CREATIVE_TYPES, MAX_CREATIVE_BYTES } from "./creative-limits";
import { sniffImage } from "./sniff-image";


const { data: _data, ...summaryColumns } = getTableColumns(creatives);
/** Every column but the image bytes: what lists and responses select. */
export const creativeSummaryColumns = summaryColumns;
export type CreativeSummary = Omit<typeof creatives.$inferSelect, "data">;

export interface NewCreative {
  programId: string;
  name: string;
  altText?: string | null;
  linkPath?: string | null;
  bytes: Uint8Array;
}

/** "/collections/sale?sort=new": a path on the store itself, never another site ("//evil.example"). */
function checkedLinkPath(value: string | null | undefined): string | null {
  const path = value?.trim() ?? "";
  if (!path) return null;
  if (!/^\/(?!\/)[^\s<>"'\\]{0,499}$/.test(path)) throw invalid("link target must be a path on your store starting with /, such as /collections/sale", "link_path");
  return path;
}

/** Stores an uploaded banner for one of the shop's programs after checking what the bytes really are. */
export async function createCreative(db: Database, shopId: string, input: NewCreative): Promise<CreativeSummary> {
  const program = await findProgramOrThrow(db, shopId, input.programId);
  const name = input.name.trim();
  if (!name || name.length > 200) throw invalid("name is required (at most 200 characters)", "name");
  const altText = input.altText?.trim() || null;
  if (altText && altText.length > 300) throw invalid("alt text must be at most 300 characters", "alt_text");
  const linkPath = checkedLinkPath(input.linkPath);
  if (input.bytes.length === 0) throw invalid("choose an image to upload", "file");
  if (input.bytes.length > MAX_CREATIVE_BYTES) throw invalid(`the image must be at most ${MAX_CREATIVE_BYTES / 1024} KB`, "file");
  const image = sniffImage(input.bytes);
  if (!image) throw invalid(`the file must be a ${CREATIVE_TYPES} image (SVG is not accepted: it can carry script)`, "file");
  const data = Buffer.from(input.bytes);
  const [row] = await db
    .insert(creatives)
    .values({ shopId, programId: program.id, name, altText, linkPath, ...image, byteSize: data.length, sha256: createHash("sha256").update(data).digest("hex"), data })
    .returning(creativeSummaryColumns);
  return row!;
}
