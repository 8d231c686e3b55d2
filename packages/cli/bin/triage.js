#!/usr/bin/env node
// Runs the CLI from its TypeScript sources: workspace packages resolve to src/ through the
// "source" export condition, and tsx compiles on load. Production images run the same files.
import { register } from 'node:module';

register(
  'data:text/javascript,export async function resolve(s, c, next) { return next(s, { ...c, conditions: [...c.conditions, "source"] }); }',
);
const { register: registerTsx } = await import('tsx/esm/api');
registerTsx();
await import('../src/main.ts');
