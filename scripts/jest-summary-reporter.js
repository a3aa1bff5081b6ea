/**
 * Prints one plain closing line, "jest: N passed, N failed, N skipped", and appends the counts
 * to test-results/summary.jsonl so that .ci/run can total several runs.
 */
const { appendFileSync, mkdirSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const counts = {
      label: process.env.WENZE_TEST_PG_URL ? 'postgres' : 'sqlite',
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    mkdirSync('test-results', { recursive: true });
    appendFileSync('test-results/summary.jsonl', `${JSON.stringify(counts)}\n`);
    process.stdout.write(
      `\njest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
    );
  }
}

module.exports = SummaryReporter;
