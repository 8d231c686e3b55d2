import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { startSimulator } from '@triage/cluster-sim';
import type { Finding } from '@triage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TRIAGE = resolve(import.meta.dirname, '../bin/triage.js');
let sim: Awaited<ReturnType<typeof startSimulator>>;

const triage = (...args: string[]) =>
  spawnSync(process.execPath, [TRIAGE, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, KUBECONFIG: sim.kubeconfigPath },
    timeout: 60_000,
  });

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'node-notready-memory' });
});
afterAll(async () => {
  await sim?.close();
});

describe('triage run', () => {
  it('prints only {"findings":[...]} on stdout with --json and exits 0', () => {
    const nodes = JSON.parse(
      spawnSync('kubectl', ['--kubeconfig', sim.kubeconfigPath, 'get', 'nodes', '-o', 'json'], {
        encoding: 'utf8',
      }).stdout,
    ) as {
      items: { metadata: { name: string }; status: { conditions: { type: string; status: string }[] } }[];
    };
    const notReady = nodes.items.find((n) =>
      n.status.conditions.some((c) => c.type === 'Ready' && c.status !== 'True'),
    );
    expect(notReady).toBeDefined();
    const run = triage('run', 'describe', '--subject', `node/${notReady?.metadata.name}`, '--json');
    expect(run.status).toBe(0);
    const { findings } = JSON.parse(run.stdout) as { findings: Finding[] };
    expect(
      findings.some((f) => f.severity === 'critical' && f.subject === `node/${notReady?.metadata.name}`),
    ).toBe(true);
  });

  it('prints readable findings without --json', () => {
    const run = triage('run', 'describe', '--subject', 'cluster');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/(CRITICAL|WARNING|INFO|OK) {2}.+\[cluster\]/);
  });

  it('exits non-zero with a one-line reason for an unknown playbook or bad parameters', () => {
    const unknown = triage('run', 'no-such-playbook');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr.trim()).toBe('triage: no playbook named no-such-playbook (have: describe)');
    const bad = triage('run', 'describe', '--subject', 'node/Not_A_Name');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/bad parameters: subject/);
  });
});

describe('triage playbooks', () => {
  it('lists each playbook with its summary and parameters', () => {
    const run = triage('playbooks');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^describe\n {2}\S.+\n {4}--subject <string> \(required\)/);
  });
});
