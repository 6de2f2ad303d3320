import { describe, expect, it } from "vitest";
import { trackingSettingsOf } from "../../domain/programs/tracking-settings";

const program = (type: "affiliate" | "referral" | "newsletter", over: Partial<Parameters<typeof trackingSettingsOf>[0][number]> = {}) => ({
  type,
  linkParams: ["ref"],
  linkPathPrefix: "/r" as string | null,
  cookieDays: 30 as number | null,
  attribution: "last_click" as const,
  archivedAt: null as Date | null,
  ...over,
});

describe("trackingSettingsOf: one storefront script for every program of the shop", () => {
  it.each([
    ["no program: the embed's settings apply", [], null],
    ["one program", [program("affiliate", { linkParams: ["via", "ref"], cookieDays: 45, attribution: "first_click" })], { params: ["via", "ref"], path_prefixes: ["/r"], cookie_days: 45, attribution: "first_click" }],
    [
      "link formats of all; cookie and attribution of the oldest affiliate program even when a referral program is older",
      [program("referral", { linkParams: ["friend"], linkPathPrefix: "/f/", cookieDays: 60 }), program("affiliate", { linkParams: ["ref", "via"], cookieDays: null }), program("newsletter", { linkPathPrefix: null })],
      { params: ["friend", "ref", "via"], path_prefixes: ["/f", "/r"], cookie_days: null, attribution: "last_click" },
    ],
    ["an archived program counts for nothing", [program("affiliate", { linkParams: ["old"], archivedAt: new Date() }), program("referral", { cookieDays: 7 })], { params: ["ref"], path_prefixes: ["/r"], cookie_days: 7, attribution: "last_click" }],
  ])("%s", (_name, programs, expected) => {
    expect(trackingSettingsOf(programs)).toEqual(expected);
  });
});
