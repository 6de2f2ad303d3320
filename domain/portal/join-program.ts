import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { partners } from "../../db/schema/index";
import { lockCustomer } from "../customers/bind-customer";
import { trackCustomer } from "../customers/track-customer";
import { createPartner } from "../partners/create-partner";
import { findProgramOrThrow } from "../programs/find-program-or-throw";
import { conflict, invalid } from "../shared/errors";
import { EMAIL_PATTERN, normalizeEmail } from "../shared/normalize";
import { SHOPIFY_PROVIDER } from "./find-customer-partners";
import type { Partner } from "../../db/schema/rows";

export interface JoinProgramInput {
  programId: string;
  /** affiliate: an application (active or pending per program); referral: a customer enrolling as a referrer (active). */
  as: "affiliate" | "referral";
  shopifyCustomerId: string;
  email: string;
  name?: string | null;
}

/**
 * A storefront customer applies to an affiliate program (active at once when the program auto-approves
 * partners, else pending) or enrols as a referrer in a referral program (active; enrolling again returns the
 * same referrer). The partner is tied to the shop's customer record, which is how the portal recognises them
 * and how their own orders are caught as self-referrals.
 */
export async function joinProgram(db: Database, shopId: string, input: JoinProgramInput): Promise<Partner> {
  const program = await findProgramOrThrow(db, shopId, input.programId);
  if (program.type !== input.as || program.archivedAt) throw invalid("this program does not take applications", "program_id");
  const email = input.email.trim();
  if (!EMAIL_PATTERN.test(email)) throw invalid("email must be an email address", "email");
  const { customer } = await trackCustomer(db, program, {
    key: `${SHOPIFY_PROVIDER}:${input.shopifyCustomerId}`,
    email,
    name: input.name ?? null,
    externalIds: [
      { provider: SHOPIFY_PROVIDER, externalId: input.shopifyCustomerId },
      { provider: "email", externalId: normalizeEmail(email) },
    ],
  });
  return db.transaction(async (tx) => {
    // Locking the customer serialises two applications of the same customer (a double submit).
    await lockCustomer(tx, shopId, customer.id);
    const [existing] = await tx
      .select()
      .from(partners)
      .where(and(eq(partners.shopId, shopId), eq(partners.programId, program.id), eq(partners.customerId, customer.id)))
      .limit(1);
    if (existing && input.as === "referral") return existing;
    if (existing) throw conflict("you have already applied to this program", "program_id");
    const { partner } = await createPartner(tx, shopId, {
      programId: program.id,
      email,
      name: input.name ?? null,
      status: input.as === "referral" || program.autoApprovePartners ? "active" : "pending",
    });
    const [linked] = await tx
      .update(partners)
      .set({ customerId: customer.id })
      .where(and(eq(partners.shopId, shopId), eq(partners.id, partner.id)))
      .returning();
    return linked!;
  });
}
