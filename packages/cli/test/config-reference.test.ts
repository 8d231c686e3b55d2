import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigReference } from '../src/config-reference.js';

describe('renderConfigReference', () => {
  const reference = renderConfigReference();

  it('lists keys of every section with type, default, environment variable and TSDoc', () => {
    expect(reference).toContain('| `cluster` | string (non-empty) | `"default"` | `TRIAGE_CLUSTER` |');
    expect(reference).toMatch(
      /\| `gateway\.port` \| integer \(≥ 0, ≤ 65535\) \| `8080` \| `TRIAGE_PORT` \| TCP port to listen on/,
    );
    expect(reference).toMatch(/\| `runner\.routes\[\]\.alertnames` \| string \(non-empty\)\[\] \|/);
    expect(reference).toContain('| `kube.namespace` | string (non-empty) | `"triage-system"` |');
  });

  it('matches docs/CONFIGURATION.md (after a config change: npm run docs:config -w @triage/cli)', () => {
    const committed = readFileSync(new URL('../../../docs/CONFIGURATION.md', import.meta.url), 'utf8');
    expect(committed, 'docs/CONFIGURATION.md is stale: run npm run docs:config -w @triage/cli').toBe(
      reference,
    );
  });
});
