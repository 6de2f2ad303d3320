import { describe, expect, it } from "vitest";
import { CliUsageError, parseArgs } from "../../cli/args";

describe("parseArgs", () => {
  it.each([
    [["shops", "create", "--domain", "a.myshopify.com"], { words: ["shops", "create"], flags: { domain: "a.myshopify.com" } }],
    [["connections", "create", "--secret=a=b"], { words: ["connections", "create"], flags: { secret: "a=b" } }],
    [["demo", "seed"], { words: ["demo", "seed"], flags: {} }],
  ])("parses %j", (args, expected) => {
    expect(parseArgs(args)).toEqual(expected);
  });

  it("rejects a flag without a value", () => {
    expect(() => parseArgs(["shops", "create", "--domain"])).toThrow(new CliUsageError("--domain needs a value"));
    expect(() => parseArgs(["x", "--a", "--b", "1"])).toThrow("--a needs a value");
  });
});
