// Sums the vitest JSON reports of every package (written by each run, restored by turbo on a cache
// hit) into one closing line: "tests: N passed, N failed, N skipped".
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const perPackage = [];
// describeEachBackend names its blocks "… [pglite]" / "… [postgres]": count what ran on each.
const perBackend = { pglite: 0, postgres: 0 };
for (const root of ['apps', 'packages']) {
  for (const name of readdirSync(root)) {
    const file = join(root, name, '.vitest-report.json');
    try {
      statSync(file);
    } catch {
      continue;
    }
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const skip = report.numPendingTests + report.numTodoTests;
    for (const file of report.testResults) {
      for (const test of file.assertionResults) {
        if (test.status !== 'passed') continue;
        const title = test.ancestorTitles.join(' ');
        for (const backend of Object.keys(perBackend)) {
          if (title.includes(`[${backend}]`)) perBackend[backend] += 1;
        }
      }
    }
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += skip;
    perPackage.push(
      `  ${root}/${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skip} skipped`,
    );
  }
}
if (perPackage.length === 0) {
  console.log('tests: 0 passed, 1 failed (no test report found)');
  process.exit(1);
}
console.log(perPackage.join('\n'));
console.log(
  `database tests passed per backend: pglite ${perBackend.pglite}, postgres ${perBackend.postgres}`,
);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
