import type { Database } from "../../db/client";
import { createPartner } from "../partners/create-partner";
import { findProgramOrThrow } from "../programs/find-program-or-throw";
import { invalid } from "../shared/errors";
import type { Partner } from "../../db/schema/rows";

/** The affiliate program a visitor may apply to, or a 400 naming the form's program field. */
export async function joinableProgramOrThrow(db: Database, shopId: string, programId: string) {
  const program = await findProgramOrThrow(db, shopId, programId, "program");
  if (program.type !== "affiliate" || program.archivedAt) throw invalid("this program does not take applications", "program");
  return program;
}

/**
 * Someone who proved they own an email (the portal's one-time link) applies to an affiliate program: active at
 * once when the program auto-approves partners, else pending. A second application answers 409.
 */
export async function joinProgramByEmail(db: Database, shopId: string, input: { programId: string; email: string; name?: string | null }): Promise<Partner> {
  const program = await joinableProgramOrThrow(db, shopId, input.programId);
  const { partner } = await createPartner(db, shopId, { programId: program.id, email: input.email, name: input.name ?? null, origin: "application" });
  return partner;
}
