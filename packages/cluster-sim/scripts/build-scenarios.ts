/**
 * Regenerates the object and rule files of every scenario under ../scenarios from the definitions in
 * ./scenarios (README.md files are written by hand). Run: `npx tsx scripts/build-scenarios.ts`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeScenario } from './scenario-kit/scenario.js';
import { SCENARIOS } from './scenarios/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'scenarios');
for (const build of Object.values(SCENARIOS)) writeScenario(root, build());
console.log(`wrote ${Object.keys(SCENARIOS).length} scenarios to ${root}`);
