import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Simulator, startSimulator } from '@triage/cluster-sim';
import type { Finding } from '@triage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TRIAGE = resolve(import.meta.dirname, '../../../packages/cli/bin/triage.js');
const NODE = 'aks-userpool-31415926-vmss000000';
let sim: Simulator;
// kubectl keeps a discovery cache under $HOME/.kube: give it a throwaway home.
const home = mkdtempSync(join(tmpdir(), 'pdb-drain-kubectl-'));

// Asynchronous on purpose: the simulator answers from this process while the child runs.
function run(file: string, args: string[]) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((done) => {
    execFile(
      file,
      args,
      {
        encoding: 'utf8',
        timeout: 90_000,
        env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: sim.kubeconfigPath },
      },
      (err, stdout, stderr) => done({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'pdb-drain-blocked' });
});
afterAll(async () => {
  await sim?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('triage run pdb-drain', () => {
  let findings: Finding[];

  it('prints the blocking budget first as JSON findings, with dry-run-checked fixes', async () => {
    const result = await run(process.execPath, [TRIAGE, 'run', 'pdb-drain', '--node', NODE, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    ({ findings } = JSON.parse(result.stdout) as { findings: Finding[] });
    expect(findings[0]).toMatchObject({ severity: 'critical', subject: `node/${NODE}` });
    expect(findings[0]?.title).toBe(
      'PodDisruptionBudget web/nginx-pdb blocks eviction of pod web/nginx-rfsjqvntbk-8p78l (replicas 1, minAvailable 1, disruptionsAllowed 0)',
    );
    expect(findings[0]?.remediation?.dryRun?.ok).toBe(true);
  }, 120_000);

  it('names the same pod that a real kubectl drain (server-side dry-run) is refused', async () => {
    const drain = await run('kubectl', [
      'drain',
      NODE,
      '--ignore-daemonsets',
      '--dry-run=server',
      '--timeout=10s',
    ]);
    expect(drain.status).not.toBe(0);
    expect(drain.stderr).toContain(
      `error when evicting pods/"nginx-rfsjqvntbk-8p78l" -n "web" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
    );
    expect(findings[0]?.title).toContain('web/nginx-rfsjqvntbk-8p78l');
  }, 120_000);

  it('refuses --node together with --namespace, in one line', async () => {
    const result = await run(process.execPath, [
      TRIAGE,
      'run',
      'pdb-drain',
      '--node',
      NODE,
      '--namespace',
      'web',
    ]);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('give exactly one of --node <name> or --namespace <ns>');
  }, 120_000);
});
