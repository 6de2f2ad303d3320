import { defineConfig } from "vitest/config";

/** npm run test:chaos: the chaos suite (test/chaos), kept out of the normal run; one file at a time on 2 cores. */
export default defineConfig({
  test: {
    include: ["test/chaos/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    setupFiles: ["test/helpers/setup.ts"],
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
  },
});
