import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { Simulator } from '@triage/cluster-sim';
import type { Finding } from '@triage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosticPodsLeft, startScenario } from './simulator-context.js';

const TRIAGE = resolve(import.meta.dirname, '../../../packages/cli/bin/triage.js');
let sim: Simulator;

// Asynchronous on purpose: the simulator answers from this process while the CLI runs.
function triage(args: string[]) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [TRIAGE, ...args],
      { encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH, KUBECONFIG: sim.kubeconfigPath } },
      (err, stdout, stderr) => done({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  sim = await startScenario('tcp-refused');
});
afterAll(async () => {
  await sim?.close();
});

describe('triage run network-trace', () => {
  it('prints the targetPort diagnosis first as JSON and leaves no diagnostic pod behind', async () => {
    const result = await triage([
      'run',
      'network-trace',
      '--pod',
      'shop/storefront-tzgssnhqj2-m25fg',
      '--mode',
      'tcp',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const { findings } = JSON.parse(result.stdout) as { findings: Finding[] };
    expect(findings[0]?.title).toBe(
      "storefront → order-service:80 refused 18 times in 15 s: Service order-service targetPort 8080, but its pods listen on 3000 (containerPort 'http')",
    );
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 150_000);

  it('refuses a pod that is not <namespace>/<name>, in one line', async () => {
    const result = await triage(['run', 'network-trace', '--pod', 'bad/../name', '--json']);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/pod must be <namespace>\/<name>/);
  }, 150_000);
});
