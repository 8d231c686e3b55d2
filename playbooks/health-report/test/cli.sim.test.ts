import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { startSimulator } from '@triage/cluster-sim';
import type { Finding } from '@triage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TRIAGE = resolve(import.meta.dirname, '../../../packages/cli/bin/triage.js');
let sim: Awaited<ReturnType<typeof startSimulator>>;

// Asynchronous on purpose: the simulator answers from this process while the CLI runs.
function triage(args: string[]) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [TRIAGE, ...args],
      { encoding: 'utf8', timeout: 90_000, env: { PATH: process.env.PATH, KUBECONFIG: sim.kubeconfigPath } },
      (err, stdout, stderr) => done({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'windows-mixed' });
});
afterAll(async () => {
  await sim?.close();
});

describe('triage run health-report', () => {
  it('prints the headline first, then one finding per check, as JSON', async () => {
    const result = await triage(['run', 'health-report', '--namespaces', 'win', '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const { findings } = JSON.parse(result.stdout) as { findings: Finding[] };
    expect(findings.map((f) => f.title)).toEqual([
      expect.stringMatching(
        /^Health report \S+ \(namespaces win\): 7 need attention \(7 new, 0 still open\)$/,
      ),
      '2 pods Pending too long (2 new)',
      '2 Deployments without available replicas (2 new)',
      '3 Windows problems (3 new)',
    ]);
  }, 120_000);

  it('refuses a bad namespace name in one line', async () => {
    const result = await triage(['run', 'health-report', '--namespaces', 'win,Bad_Name', '--json']);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/namespaces\.1: not a valid namespace name/);
  }, 120_000);
});
