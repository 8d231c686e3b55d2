import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../src/errors.js';
import { readPath } from '../src/kube-object.js';
import { createObjectStore } from '../src/object-store.js';
import { loadScenario, populateStore } from '../src/scenario-loader.js';

const dir = (name: string) => fileURLToPath(new URL(`./fixtures/scenario-loader/${name}/`, import.meta.url));

async function loadError(name: string): Promise<ScenarioError> {
  try {
    const loaded = await loadScenario(dir(name));
    populateStore(createObjectStore(), loaded.objects);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).code).toBe('TRIAGE_ERR_SIM_SCENARIO');
    expect((err as Error).message).not.toMatch(/\n\s+at /);
    return err as ScenarioError;
  }
  throw new Error(`expected ${name} to fail`);
}

describe('loadScenario', () => {
  it('reads lists, multi-document YAML and events.k8s.io events; passes sim.yaml through; ignores other files', async () => {
    const loaded = await loadScenario(dir('good'));
    expect(loaded.objects.map((o) => `${o.type.key} ${o.object.metadata.name}`)).toEqual([
      'nodes node-a',
      'events.events.k8s.io api-0.17f0a1b2c3d4e5f6',
      'pods api-0',
    ]);
    expect(loaded.rules).toEqual({
      logs: [{ match: { image: 'api:*' }, text: '2025-05-01T11:00:00Z started\n' }],
    });
    expect(loaded.timestampOffsetMs).toBe(0);
  });

  it('stores objects with their uid and status, converts events.k8s.io events, and creates missing namespaces', async () => {
    const store = createObjectStore();
    populateStore(store, (await loadScenario(dir('good'))).objects);
    expect(store.get('pods', 'team-a', 'api-0')?.metadata.uid).toBe('11111111-2222-4333-8444-555555555555');
    expect(store.get('pods', 'team-a', 'api-0')?.status).toMatchObject({ phase: 'Running' });
    expect(store.get('namespaces', undefined, 'team-a')).toBeDefined();
    const event = store.get('events', 'team-a', 'api-0.17f0a1b2c3d4e5f6');
    expect(event).toMatchObject({
      apiVersion: 'v1',
      involvedObject: { name: 'api-0' },
      message: 'Started container api',
    });
  });

  it('shifts every timestamp so the newest becomes now, keeping fractional digits', async () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const loaded = await loadScenario(dir('good'), { shiftTimestamps: true, now: () => now });
    const newest = Date.parse('2025-05-01T12:00:00.123456Z');
    expect(loaded.timestampOffsetMs).toBe(Math.round((now.getTime() - newest) / 1000) * 1000);
    const byName = Object.fromEntries(loaded.objects.map((o) => [o.object.metadata.name, o.object]));
    expect(byName['api-0.17f0a1b2c3d4e5f6']?.eventTime).toBe('2026-11-22T12:00:00.123456Z');
    expect(byName['api-0']?.metadata.creationTimestamp).toBe('2026-11-22T10:00:00Z');
    const conditions = readPath(byName['node-a'], 'status.conditions') as Record<string, string>[];
    expect(conditions[0]?.lastHeartbeatTime).toBe('2026-11-22T11:59:00Z');
    expect(conditions[0]?.lastTransitionTime).toBe('2026-11-22T07:01:00Z');
  });

  it('names the file and document of malformed YAML', async () => {
    // Written at run time: a malformed YAML file in the tree would fail the repository's lint.
    const broken = mkdtempSync(join(tmpdir(), 'sim-broken-'));
    try {
      const fine = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n';
      writeFileSync(
        join(broken, 'broken.yaml'),
        `${fine}---\n${fine.replace('  name: fine', '  name: broken\n   namespace: x')}`,
      );
      await expect(loadScenario(broken)).rejects.toThrow(/^broken\.yaml, document 2: invalid YAML: /);
      await expect(loadScenario(broken)).rejects.toBeInstanceOf(ScenarioError);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('names the file and object of an unsupported kind', async () => {
    const err = await loadError('unknown-kind');
    expect(err.message).toBe('secrets.yaml (Secret shop/creds): the simulator does not serve Secret in v1');
  });

  it('names the list item that lacks a name', async () => {
    const err = await loadError('missing-name');
    expect(err.message).toBe('list.json, item 2 (ConfigMap shop/(no name)): metadata.name is required');
  });

  it('names the second file of a duplicate object', async () => {
    const err = await loadError('duplicate');
    expect(err.message).toBe('b.yaml (ConfigMap shop/twice): configmaps "twice" already exists');
  });

  it('refuses a YAML alias bomb instead of expanding it', async () => {
    const err = await loadError('hostile-aliases');
    expect(err.message).toMatch(/^bomb\.yaml, document 1: invalid YAML: Excessive alias count/);
  });

  it('refuses a document that is not an object', async () => {
    const err = await loadError('not-an-object');
    expect(err.message).toBe(
      'scalar.yaml: expected a Kubernetes object (a mapping), found a non-object value',
    );
  });

  it('reports a missing directory', async () => {
    await expect(loadScenario('/nonexistent/scenario')).rejects.toThrow(
      /cannot read scenario directory \/nonexistent\/scenario: ENOENT/,
    );
  });
});
