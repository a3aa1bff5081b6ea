/**
 * Prints one plain closing line, "jest: N passed, N failed, N skipped", with the slowest test files
 * (so that a run's time can be read from CI's output), and appends the counts to
 * test-results/summary.jsonl so that .ci/run can total several runs.
 */
const { appendFileSync, mkdirSync } = require('node:fs');
const { relative } = require('node:path');

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
    const files = results.testResults
      .map((r) => ({
        file: relative(process.cwd(), r.testFilePath),
        ms: r.perfStats.end - r.perfStats.start,
      }))
      .sort((a, b) => b.ms - a.ms);
    const total = files.reduce((n, f) => n + f.ms, 0);
    const slowest = files
      .slice(0, 12)
      .map((f) => `  ${(f.ms / 1000).toFixed(1).padStart(6)} s  ${f.file}`)
      .join('\n');
    process.stdout.write(
      `\nslowest test files (${counts.label}, ${(total / 60000).toFixed(1)} min in ${files.length} files):\n${slowest}\n` +
        `\njest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
    );
  }
}

module.exports = SummaryReporter;
