// Writes docs/CONFIGURATION.md from the config schema: npm run docs:config -w @triage/cli
import { writeFileSync } from 'node:fs';
import { renderConfigReference } from '../src/config-reference.js';

const target = new URL('../../../docs/CONFIGURATION.md', import.meta.url);
writeFileSync(target, renderConfigReference());
process.stdout.write(`wrote ${target.pathname}\n`);
