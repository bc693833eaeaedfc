// Sums vitest JSON reports into the one line CI reads: `tests: N passed, M failed`.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
const files = process.argv.slice(2);
if (files.length === 0) failed = 1;
for (const file of files) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    // A file that failed to load fails no test but does fail its suite: count it.
    const brokenFiles = (report.numFailedTestSuites ?? 0) > 0 && !report.numFailedTests ? report.numFailedTestSuites : 0;
    failed += (report.numFailedTests ?? 0) + brokenFiles;
    if (report.success === false && failed === 0) failed = 1;
  } catch (error) {
    console.error(`cannot read ${file}: ${error.message}`);
    failed += 1;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
