import { describe, expect, it } from "vitest";
import { isDemoMode } from "../../app/admin/demo-mode.server";

describe("isDemoMode", () => {
  it.each([
    { localMode: true, nodeEnv: "development" as const, demo: true },
    { localMode: true, nodeEnv: "test" as const, demo: true },
    { localMode: true, nodeEnv: "production" as const, demo: false },
    { localMode: false, nodeEnv: "development" as const, demo: false },
    { localMode: false, nodeEnv: "production" as const, demo: false },
  ])("local mode $localMode, NODE_ENV $nodeEnv: $demo", ({ localMode, nodeEnv, demo }) => {
    expect(isDemoMode({ localMode, nodeEnv })).toBe(demo);
  });
});
