import { describe, expect, it } from "vitest";
import { summarizeRun, summaryLine, type FileFacts } from "../helpers/run-summary";

const test = (state: FileFacts["tests"][number]["state"], suiteFailed = false) => ({ state, suiteFailed });

describe("the closing summary line", () => {
  it("counts passed, failed and declared skips as before", () => {
    const files: FileFacts[] = [
      { state: "passed", errors: 0, tests: [test("passed"), test("passed"), test("skipped")] },
      { state: "failed", errors: 0, tests: [test("passed"), test("failed")] },
    ];
    expect(summaryLine(summarizeRun(files, 0))).toBe(
      "tests: 3 passed, 1 failed, 1 skipped (1 failed files, 0 suite errors, 0 tests not run after a suite error, 0 unhandled errors)",
    );
    expect(summaryLine(summarizeRun([files[0]!], 0))).toBe("tests: 2 passed, 0 failed, 1 skipped");
  });

  it("a suite whose beforeAll threw is a failure, and its tests are not run, not skipped", () => {
    // What vitest reports when beforeAll throws ("No Remix build", no browser): the file failed, the suite has the
    // error, and each of its 40 tests reads "skipped". It used to print "tests: 0 passed, 0 failed, 40 skipped".
    const file: FileFacts = { state: "failed", errors: 1, tests: Array.from({ length: 40 }, () => test("skipped", true)) };
    const summary = summarizeRun([file], 0);
    expect(summary).toEqual({ passed: 0, failed: 41, skipped: 0, failedFiles: 1, notRun: 40, suiteErrors: 1, unhandledErrors: 0 });
    expect(summaryLine(summary)).toMatch(/^tests: 0 passed, 41 failed, 0 skipped /);
  });

  it("a skipped test beside a failed suite stays a skip", () => {
    const file: FileFacts = { state: "failed", errors: 1, tests: [test("skipped", true), test("skipped"), test("passed")] };
    expect(summarizeRun([file], 0)).toMatchObject({ passed: 1, failed: 2, skipped: 1, notRun: 1 });
  });

  it("a file that failed to load (no tests collected) is a failure", () => {
    expect(summarizeRun([{ state: "failed", errors: 1, tests: [] }], 0)).toMatchObject({ failed: 1, failedFiles: 1, suiteErrors: 1 });
  });

  it("a failed file with nothing else reported still counts once", () => {
    expect(summarizeRun([{ state: "failed", errors: 0, tests: [test("passed")] }], 0)).toMatchObject({ passed: 1, failed: 1, failedFiles: 1 });
  });

  it("unhandled errors are failures even when every test passed", () => {
    const summary = summarizeRun([{ state: "passed", errors: 0, tests: [test("passed")] }], 2);
    expect(summary).toMatchObject({ passed: 1, failed: 2, unhandledErrors: 2 });
    expect(summaryLine(summary)).toBe("tests: 1 passed, 2 failed, 0 skipped (0 failed files, 0 suite errors, 0 tests not run after a suite error, 2 unhandled errors)");
  });
});
