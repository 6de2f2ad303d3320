import { describe, expect, it } from "vitest";
import { referralKeyFromUrl } from "../../domain/ingest/referral-key-from-url";

const program = { linkParams: ["ref", "via", "aff"], linkPathPrefix: "/r" };

describe("referralKeyFromUrl (Shopify landing_site in the program's link formats)", () => {
  it.each([
    ["/?ref=AVA", "AVA"],
    ["/products/hat?utm_source=x&via=NOAH", "NOAH"],
    ["https://shop.example.com/collections/all?aff=K-1", "K-1"],
    ["/r/AVA", "AVA"],
    ["/r/AVA/extra?x=1", "AVA"],
    ["/r/J%C3%BCrgen", "Jürgen"],
    ["/?ref=", undefined],
    ["/?refx=AVA", undefined],
    ["/rr/AVA", undefined],
    ["/", undefined],
  ])("%s -> %s", (url, key) => {
    expect(referralKeyFromUrl(url, program)).toBe(key);
  });

  it("follows the program's own formats only", () => {
    expect(referralKeyFromUrl("/?ref=AVA", { linkParams: ["partner"], linkPathPrefix: null })).toBeUndefined();
    expect(referralKeyFromUrl("/?partner=AVA", { linkParams: ["partner"], linkPathPrefix: null })).toBe("AVA");
    expect(referralKeyFromUrl("/go/AVA", { linkParams: [], linkPathPrefix: "/go/" })).toBe("AVA");
  });
});
