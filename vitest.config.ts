import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The chaos suite runs on its own: npm run test:chaos (vitest.chaos.config.ts).
    exclude: ["test/chaos/**", "**/node_modules/**"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A browser form round trip on a loaded 2-core machine can take longer than expect.poll's default 1 s.
    expect: { poll: { timeout: 15_000 } },
    setupFiles: ["test/helpers/setup.ts"],
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
  },
});
