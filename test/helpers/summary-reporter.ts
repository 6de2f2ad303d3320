import type { Reporter, SerializedError, TestCase, TestModule, TestSuite } from "vitest/node";
import { summarizeRun, summaryLine, type FileFacts } from "./run-summary";

/**
 * Prints one plain closing line, "tests: N passed, N failed, N skipped", that CI tooling reads. A file that failed,
 * a suite whose beforeAll threw (its tests never ran) and an unhandled error all count as failures (run-summary.ts).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>) {
    console.log(summaryLine(summarizeRun(testModules.map(factsOf), unhandledErrors.length)));
  }
}

function factsOf(module: TestModule): FileFacts {
  const suites = [...module.children.allSuites()];
  return {
    state: module.state(),
    errors: module.errors().length + suites.reduce((sum, suite) => sum + suite.errors().length, 0),
    tests: [...module.children.allTests()].map((test) => ({ state: test.result().state, suiteFailed: suiteFailed(test) })),
  };
}

function suiteFailed(test: TestCase): boolean {
  for (let parent: TestSuite | TestModule = test.parent; ; parent = parent.parent) {
    if (parent.errors().length > 0) return true;
    if (parent.type === "module") return false;
  }
}
