import { describe, expect, it } from "vitest";
import { z } from "zod";
import { zodFieldErrors } from "../../app/admin/form.server";
import { parseNewProgramForm, parseProgramEditForm } from "../../app/admin/program-form.server";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

const base = { name: "Podcasts", type: "affiliate", currency: "usd", attribution: "last_click", hold_days: "14", link_params: "ref, via", "commission.type": "percentage", "commission.percent": "12.5" };

const errorsOf = (parse: () => unknown) => {
  try {
    parse();
  } catch (error) {
    if (error instanceof z.ZodError) return zodFieldErrors(error);
    throw error;
  }
  throw new Error("expected a validation error");
};

describe("program form -> REST API program body", () => {
  it("reads every setting into the API's shape, money in minor units of the program's currency", () => {
    const body = parseNewProgramForm(
      form({
        ...base,
        cookie_days: "",
        payout_threshold: "50.5",
        "tiers.0.threshold": "1000",
        "tiers.0.value": "15",
        "tiers.2.threshold_type": "count",
        "tiers.2.threshold": "10",
        "tiers.2.value_type": "amount",
        "tiers.2.value": "2.50",
        tier_period: "rolling",
        "tier_period.days": "90",
        "recurring.enabled": "on",
        "recurring.max_payments": "12",
        lead_submission: "on",
      }),
      "USD",
    );
    expect(body).toMatchObject({
      currency: "USD",
      cookie_days: null,
      hold_days: 14,
      payout_threshold: 5050,
      link_params: ["ref", "via"],
      commission: { type: "percentage", percent: 1250 },
      tiers: [
        { threshold_amount: 100000, percent: 1500 },
        { threshold_count: 10, amount: 250 },
      ],
      tier_period: { days: 90 },
      recurring: { max_payments: 12 },
      lead_submission: true,
      auto_approve_partners: false,
    });
  });

  it("names the form field of each problem, tiers by their row", () => {
    const errors = errorsOf(() => parseNewProgramForm(form({ ...base, name: "", "commission.percent": "150", "tiers.2.threshold": "5", "tiers.2.value": "101" }), "USD"));
    expect(Object.keys(errors).sort()).toEqual(["commission.percent", "name", "tiers.2"]);
  });

  it("reads product and collection override rows, and names a bad one by its row", () => {
    const body = parseProgramEditForm(
      form({
        ...base,
        "product_overrides.0.target": "sku-premium",
        "product_overrides.0.value": "25",
        "product_overrides.2.target_type": "collection",
        "product_overrides.2.target": "sale",
        "product_overrides.2.value_type": "amount",
        "product_overrides.2.value": "0.50",
      }),
      "USD",
    );
    expect(body.product_overrides).toEqual([
      { product_id: "sku-premium", percent: 2500 },
      { collection_id: "sale", amount: 50 },
    ]);
    const errors = errorsOf(() => parseProgramEditForm(form({ ...base, "product_overrides.1.value": "10" }), "USD"));
    expect(Object.keys(errors)).toEqual(["product_overrides.1"]);
    expect(errorsOf(() => parseProgramEditForm(form({ ...base, "product_overrides.2.target": "x", "product_overrides.2.value_type": "amount", "product_overrides.2.value": "1.234" }), "USD"))).toHaveProperty([
      "product_overrides.2",
    ]);
  });

  it("reports a money value with too many decimals on its field", () => {
    expect(errorsOf(() => parseProgramEditForm(form({ ...base, payout_threshold: "10.005" }), "USD"))).toHaveProperty("payout_threshold");
    expect(errorsOf(() => parseProgramEditForm(form({ ...base, "tiers.1.threshold": "1.234", "tiers.1.value": "5" }), "USD"))).toHaveProperty(["tiers.1"]);
  });
});
