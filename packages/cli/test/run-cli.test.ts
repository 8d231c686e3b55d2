import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { startSimulator } from '@triage/cluster-sim';
import type { Finding } from '@triage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TRIAGE = resolve(import.meta.dirname, '../bin/triage.js');
let sim: Awaited<ReturnType<typeof startSimulator>>;

// Asynchronous on purpose: the simulator runs in this process and must keep answering.
function run(file: string, args: string[], env?: NodeJS.ProcessEnv) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { encoding: 'utf8', env, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const triage = (...args: string[]) =>
  run(process.execPath, [TRIAGE, ...args], { PATH: process.env.PATH, KUBECONFIG: sim.kubeconfigPath });

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'node-notready-memory' });
});
afterAll(async () => {
  await sim?.close();
});

describe('triage run', () => {
  it('prints only {"findings":[...]} on stdout with --json and exits 0', async () => {
    const kubectl = await run('kubectl', ['--kubeconfig', sim.kubeconfigPath, 'get', 'nodes', '-o', 'json']);
    const nodes = JSON.parse(kubectl.stdout) as {
      items: { metadata: { name: string }; status: { conditions: { type: string; status: string }[] } }[];
    };
    const notReady = nodes.items.find((n) =>
      n.status.conditions.some((c) => c.type === 'Ready' && c.status !== 'True'),
    );
    expect(notReady).toBeDefined();
    const result = await triage('run', 'describe', '--subject', `node/${notReady?.metadata.name}`, '--json');
    expect(result.status).toBe(0);
    const { findings } = JSON.parse(result.stdout) as { findings: Finding[] };
    expect(
      findings.some((f) => f.severity === 'critical' && f.subject === `node/${notReady?.metadata.name}`),
    ).toBe(true);
  });

  it('prints readable findings without --json', async () => {
    const result = await triage('run', 'describe', '--subject', 'cluster');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/(CRITICAL|WARNING|INFO|OK) {2}.+\[cluster\]/);
  });

  it('exits non-zero with a one-line reason for an unknown playbook or bad parameters', async () => {
    const unknown = await triage('run', 'no-such-playbook');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr.trim()).toMatch(
      /^triage: no playbook named no-such-playbook \(have: describe(, [a-z-]+)*\)$/,
    );
    const bad = await triage('run', 'describe', '--subject', 'node/Not_A_Name');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/bad parameters: subject/);
  });
});

describe('triage playbooks', () => {
  it('lists each playbook with its summary and parameters', async () => {
    const result = await triage('playbooks');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^describe\n {2}\S.+\n {4}--subject <string> \(required\)/);
  });
});
