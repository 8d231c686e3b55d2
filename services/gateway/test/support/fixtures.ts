import { readFileSync } from 'node:fs';

const root = new URL('../fixtures/', import.meta.url);

/** The text of `test/fixtures/<source>/<name>.json`, byte for byte as a sender would post it. */
export function fixtureText(source: 'alertmanager' | 'azure-monitor' | 'slack', name: string): string {
  return readFileSync(new URL(`${source}/${name}.json`, root), 'utf8');
}

/** The parsed fixture (plain JSON.parse: hostile keys become own properties, as they would on the wire). */
export function fixture(source: 'alertmanager' | 'azure-monitor' | 'slack', name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(source, name));
}
