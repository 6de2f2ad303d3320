import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attribute } from "../../domain/attribution/attribute";
import { registerPartnerCoupon } from "../../domain/coupons/register-partner-coupon";
import { createPartner } from "../../domain/partners/create-partner";
import { updatePartner } from "../../domain/partners/update-partner";
import { upsertGroup } from "../../domain/partners/upsert-group";
import { submitLead } from "../../domain/leads/submit-lead";
import { trackCustomer } from "../../domain/customers/track-customer";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../helpers/databases";
import { referredCustomerFixture } from "../helpers/domain-fixture";

const DAY = 86_400_000;
const clickedAt = new Date("2030-03-01T00:00:00Z");

describe.each(databaseKinds)("attribution and rule choice on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database.destroy());

  it("explains every outcome, strongest evidence first", async () => {
    const f = await referredCustomerFixture(database.db, { cookieDays: 30, leadSubmission: true });
    const { partner: rival } = await createPartner(database.db, f.shop.id, { programId: f.program.id, email: "rival@example.com", key: "RIVAL", status: "active" });
    await registerPartnerCoupon(database.db, f.shop.id, { programId: f.program.id, partnerId: rival.id, code: "Rival20" });
    const at = new Date(clickedAt.getTime() + 10 * DAY);
    const run = (evidence: Partial<Parameters<typeof attribute>[2]>) => attribute(database.db, f.program, { at, ...evidence });

    expect(await run({ couponCode: "rival20", referralKey: "PARTNER", clickedAt })).toMatchObject({ attributed: true, evidence: "coupon", partner: { key: "RIVAL" } });
    expect(await run({ referralKey: "partner", clickedAt })).toMatchObject({ attributed: true, evidence: "referral_key", partner: { key: "PARTNER" } });
    expect(await run({ referralKey: "NOBODY" })).toEqual({ attributed: false, reason: "unknown_key", evidence: "referral_key" });
    expect(await run({ couponCode: "NOPE" })).toEqual({ attributed: false, reason: "unknown_coupon", evidence: "coupon" });
    expect(await run({ referralKey: "PARTNER", clickedAt, at: new Date(clickedAt.getTime() + 31 * DAY) })).toMatchObject({
      attributed: false,
      reason: "expired_cookie",
      partnerId: f.partner.id,
    });
    expect(await run({ referralKey: "PARTNER", email: " Partner@Example.com " })).toMatchObject({ attributed: false, reason: "self_referral" });
    expect(await run({})).toEqual({ attributed: false, reason: "no_evidence" });
    // An expired key falls back to the customer's existing binding.
    expect(await run({ referralKey: "RIVAL", clickedAt: new Date(0), boundPartnerId: f.partner.id })).toMatchObject({ attributed: true, evidence: "customer_binding" });

    await submitLead(database.db, f.shop.id, { programId: f.program.id, partnerKey: "RIVAL", email: "lead@example.com" });
    expect(await run({ email: "LEAD@example.com" })).toMatchObject({ attributed: true, evidence: "lead", partner: { key: "RIVAL" } });

    await updatePartner(database.db, f.shop.id, "RIVAL", { status: "suspended" });
    expect(await run({ couponCode: "RIVAL20" })).toMatchObject({ attributed: false, reason: "suspended_partner", partnerId: rival.id });
  });

  it("pays the partner's own rule over its group's, and the group's over the program's", async () => {
    const f = await referredCustomerFixture(database.db, { holdDays: 0 });
    expect((await f.record({ externalId: "o1", amount: 10_000 })).commissions[0]!.amount).toBe(1_000);
    await upsertGroup(database.db, f.shop.id, { programId: f.program.id, name: "Gold", commission: { kind: "percentage", percentBasisPoints: 2_500 } });
    await updatePartner(database.db, f.shop.id, "PARTNER", { group: "Gold" });
    expect((await f.record({ externalId: "o2", amount: 10_000 })).commissions[0]!.amount).toBe(2_500);
    await updatePartner(database.db, f.shop.id, "PARTNER", { commission: { kind: "fixed", amount: 333, per: "order" } });
    expect((await f.record({ externalId: "o3", amount: 10_000 })).commissions[0]!.amount).toBe(333);
  });

  it("fills a customer's missing name and email from a later event and never overwrites them", async () => {
    const f = await referredCustomerFixture(database.db);
    // A sale (no name) created the customer before the provider's customer event (with the name) arrived.
    await trackCustomer(database.db, f.program, { key: "late-details" });
    const filled = await trackCustomer(database.db, f.program, { key: "late-details", name: "Jo Brown", email: "jo@example.com" });
    expect(filled.customer).toMatchObject({ name: "Jo Brown", email: "jo@example.com" });
    const kept = await trackCustomer(database.db, f.program, { key: "late-details", name: "Someone Else", email: "other@example.com" });
    expect(kept.customer).toMatchObject({ name: "Jo Brown", email: "jo@example.com" });
  });
});
