import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { couponCodes, customers, leads } from "../../db/schema/index";
import { registerPartnerCoupon } from "../../domain/coupons/register-partner-coupon";
import { applyEvent } from "../../domain/ingest/apply-event";
import type { NormalizedEvent } from "../../domain/ingest/normalized-event";
import { resolveDiscountCodes } from "../../domain/ingest/resolve-discount-codes";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram, type ProgramInput } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../helpers/databases";

const at = "2026-11-30T10:00:00.000Z";
const programInput = (type: ProgramInput["type"], leadSubmission = false): ProgramInput => ({
  name: type, type, currency: "USD", cookieDays: null, attribution: "first_click", holdDays: 0, payoutThreshold: 0,
  commission: { kind: "percentage", percentBasisPoints: 1000 }, leadSubmission,
});

/** Events the generic and Paddle connectors produce that name a program, a lead or a discount id, applied to a real database. */
describe.each(databaseKinds)("named programs, leads and discount ids on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  const shopWith = async (types: ProgramInput["type"][], leadSubmission = false) => {
    const shop = await createShop(database.db, { domain: `named-${randomBytes(4).toString("hex")}.myshopify.com` });
    const programs = [];
    for (const type of types) programs.push((await createProgram(database.db, shop.id, programInput(type, leadSubmission))).program);
    const { partner } = await createPartner(database.db, shop.id, { programId: programs[0]!.id, email: "ava@example.com", key: "AVA", status: "active" });
    return { shopId: shop.id, programs, partner };
  };
  const signup = (program: { id?: string; type?: "newsletter" }): NormalizedEvent => ({
    type: "customer", customer: { provider: "generic", email: "reader@example.com" }, evidence: { couponCodes: [], referralKey: "AVA" }, occurredAt: at, program,
  });

  it("records a subscriber in the program named by id, and says so when the shop has no such program", async () => {
    const { shopId, programs } = await shopWith(["affiliate", "newsletter"]);
    expect(await applyEvent(database.db, shopId, "generic", signup({ id: programs[1]!.id }))).toBeUndefined();
    const [row] = await database.db.select().from(customers).where(eq(customers.shopId, shopId));
    expect(row!.programId).toBe(programs[1]!.id);
    expect(await applyEvent(database.db, shopId, "generic", signup({ id: "8d0f1c4e-0000-4000-8000-000000000000" }))).toBe("the shop has no program 8d0f1c4e-0000-4000-8000-000000000000");
  });

  it("says so when a subscriber names the newsletter program of a shop that has none", async () => {
    const { shopId } = await shopWith(["affiliate"]);
    expect(await applyEvent(database.db, shopId, "generic", signup({ type: "newsletter" }))).toBe("the shop has no newsletter program");
    expect(await database.db.select().from(customers).where(eq(customers.shopId, shopId))).toEqual([]);
  });

  it("leaves a note instead of a lead when the program takes no leads or the partner is unknown", async () => {
    const { shopId } = await shopWith(["affiliate"], false);
    const lead = (partnerKey: string): NormalizedEvent => ({ type: "lead", email: "deal@example.com", partnerKey, occurredAt: at });
    expect(await applyEvent(database.db, shopId, "generic", lead("AVA"))).toBe("lead not recorded: lead submission is disabled for this program");
    expect(await applyEvent(database.db, shopId, "generic", lead("NOBODY"))).toBe("lead not recorded: partner not found");
    expect(await database.db.select().from(leads).where(eq(leads.shopId, shopId))).toEqual([]);
  });

  it("resolves a provider discount id to its live partner codes only, within the shop and provider", async () => {
    const { shopId, programs, partner } = await shopWith(["affiliate"]);
    await registerPartnerCoupon(database.db, shopId, { programId: programs[0]!.id, partnerId: partner.id, code: "AVA10", provider: "paddle", externalId: "dsc_1" });
    const evidence = { couponCodes: ["TYPED"], discountExternalIds: ["dsc_1"] };
    expect(await resolveDiscountCodes(database.db, shopId, "paddle", evidence)).toEqual({ ...evidence, couponCodes: ["TYPED", "AVA10"] });
    expect((await resolveDiscountCodes(database.db, shopId, "stripe", evidence)).couponCodes).toEqual(["TYPED"]);
    const other = await shopWith(["affiliate"]);
    expect((await resolveDiscountCodes(database.db, other.shopId, "paddle", evidence)).couponCodes).toEqual(["TYPED"]);
    await database.db.update(couponCodes).set({ deletedAt: new Date() }).where(and(eq(couponCodes.shopId, shopId), eq(couponCodes.code, "AVA10")));
    expect((await resolveDiscountCodes(database.db, shopId, "paddle", evidence)).couponCodes).toEqual(["TYPED"]);
  });
});
