import type { Database } from "../../db/client";
import { submitLead } from "../leads/submit-lead";
import { findPartnerByKeyOrThrow } from "../partners/find-partner";
import { DomainError } from "../shared/errors";
import type { NormalizedEvent } from "./normalized-event";

type LeadEvent = Extract<NormalizedEvent, { type: "lead" }>;

/**
 * A lead from an incoming webhook, submitted as the partner would. Idempotent: a lead already submitted for this
 * email in the program (a redelivery) is a note, and so is anything the merchant must fix (unknown partner,
 * lead submission disabled), so the event is not retried forever.
 */
export async function applyLeadEvent(db: Database, shopId: string, event: LeadEvent): Promise<string | undefined> {
  try {
    const programId = event.programId ?? (await findPartnerByKeyOrThrow(db, shopId, event.partnerKey, "partner_key")).programId;
    // A savepoint: on PostgreSQL a failed insert (the lead exists) would otherwise abort the whole inbound-event transaction.
    await db.transaction((savepoint) => submitLead(savepoint, shopId, { programId, partnerKey: event.partnerKey, email: event.email, name: event.name ?? null }));
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return `lead not recorded: ${error.message}`;
    throw error;
  }
}
