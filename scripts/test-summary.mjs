// Adds up the JSON reports vitest wrote in every workspace and prints one closing line
// ("Tests: N passed, N failed") for the whole suite.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const { workspaces } = JSON.parse(readFileSync('package.json', 'utf8'));
const dirs = workspaces.flatMap((pattern) => {
  const parent = dirname(pattern);
  return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
});
let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of dirs) {
  const file = join(dir, '.vitest-report.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  // A file that fails to load has no failed test but fails its suite: count it once.
  failed += report.numFailedTests || (report.success ? 0 : Math.max(1, report.numFailedTestSuites));
  skipped += report.numPendingTests + report.numTodoTests;
  rmSync(file);
}
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
