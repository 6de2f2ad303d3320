import type { Database } from "../../db/client";
import { links, partners } from "../../db/schema/index";
import { findProgramOrThrow } from "../programs/find-program-or-throw";
import { conflict, invalid, uniqueViolationConstraint } from "../shared/errors";
import { normalizeEmail, REFERRAL_KEY_PATTERN } from "../shared/normalize";
import { randomToken } from "../shared/random";
import { emitPartnerEvent } from "../webhooks/emit-domain-events";
import type { Link, Partner } from "../../db/schema/rows";

export interface PartnerInput {
  programId: string;
  email: string;
  name?: string | null;
  key?: string;
  status?: "pending" | "active" | "suspended";
  /**
   * Who creates it: the merchant (API, CLI, admin; active unless a status is given) or the partner applying
   * (pending, or active when the program auto-approves partners). Default: merchant.
   */
  origin?: "merchant" | "application";
}

function initialStatus(input: PartnerInput, autoApprovePartners: boolean): Partner["status"] {
  if (input.status) return input.status;
  if (input.origin === "application") return autoApprovePartners ? "active" : "pending";
  return "active";
}

/** A readable key from the partner's name or email, plus a random suffix: "JANE-7K2M". */
export function suggestReferralKey(nameOrEmail: string): string {
  const base = nameOrEmail
    .split("@")[0]!
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]/g, "")
    .toUpperCase()
    .slice(0, 12);
  return `${base || "P"}-${randomToken(4)}`;
}

/** Creates a partner (or referring customer) and the default link carrying its key. */
export async function createPartner(db: Database, shopId: string, input: PartnerInput): Promise<{ partner: Partner; links: Link[] }> {
  const program = await findProgramOrThrow(db, shopId, input.programId);
  const email = input.email.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid("email must be an email address", "email");
  const key = input.key?.trim() || suggestReferralKey(input.name || email);
  if (!REFERRAL_KEY_PATTERN.test(key)) {
    throw invalid("key must be 2-64 letters, digits, '-' or '_', starting with a letter or digit", "key");
  }
  try {
    return await db.transaction(async (tx) => {
      const [partner] = await tx
        .insert(partners)
        .values({
          shopId,
          programId: program.id,
          email,
          emailNormalized: normalizeEmail(email),
          name: input.name ?? null,
          key,
          status: initialStatus(input, program.autoApprovePartners),
        })
        .returning();
      const [link] = await tx.insert(links).values({ shopId, partnerId: partner!.id, key, label: "Default" }).returning();
      await emitPartnerEvent(tx, "partner.created", partner!);
      return { partner: partner!, links: [link!] };
    });
  } catch (error) {
    const constraint = uniqueViolationConstraint(error);
    if (constraint === "partners_program_email_key") throw conflict(`a partner with email ${email} already exists in this program`, "email");
    if (constraint !== undefined) throw conflict(`referral key ${key} is already taken in this shop`, "key");
    throw error;
  }
}
