/** What the closing summary line needs to know about one test file, read off vitest's TestModule. */
export type FileFacts = {
  /** vitest's state of the file: "failed" when anything in it failed, including its collection. */
  state: string;
  /** Errors outside any test: the file's own (collection, import) plus each suite's (a beforeAll or afterAll that threw). */
  errors: number;
  tests: Array<{
    state: "passed" | "failed" | "skipped" | "pending";
    /** A suite around it (or the file) has errors: a test that did not run because of them did not pass or skip. */
    suiteFailed: boolean;
  }>;
};

export type RunSummary = {
  passed: number;
  /** Failed tests + tests that never ran because their suite failed + errors outside tests + unhandled errors. */
  failed: number;
  skipped: number;
  failedFiles: number;
  notRun: number;
  suiteErrors: number;
  unhandledErrors: number;
};

/** Counts a run so that nothing that went wrong can read as a pass or a skip. */
export function summarizeRun(files: ReadonlyArray<FileFacts>, unhandledErrors: number): RunSummary {
  const summary: RunSummary = { passed: 0, failed: 0, skipped: 0, failedFiles: 0, notRun: 0, suiteErrors: 0, unhandledErrors };
  for (const file of files) {
    let failuresInFile = file.errors;
    summary.suiteErrors += file.errors;
    for (const test of file.tests) {
      if (test.state === "passed") summary.passed++;
      else if (test.state === "failed") failuresInFile++;
      else if (test.suiteFailed) {
        summary.notRun++;
        failuresInFile++;
      } else summary.skipped++;
    }
    if (file.state === "failed") {
      summary.failedFiles++;
      // A failed file always shows as at least one failure, whatever vitest did or did not report inside it.
      failuresInFile = Math.max(failuresInFile, 1);
    }
    summary.failed += failuresInFile;
  }
  summary.failed += unhandledErrors;
  return summary;
}

/** The one plain closing line CI tooling reads; it starts "tests: N passed, N failed, N skipped" as it always did. */
export function summaryLine(summary: RunSummary): string {
  const line = `tests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`;
  if (summary.failed === 0) return line;
  return `${line} (${summary.failedFiles} failed files, ${summary.suiteErrors} suite errors, ${summary.notRun} tests not run after a suite error, ${summary.unhandledErrors} unhandled errors)`;
}
