import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { startSimulator } from '@triage/cluster-sim';
import type { Finding } from '@triage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TRIAGE = resolve(import.meta.dirname, '../../../packages/cli/bin/triage.js');
const NODE = 'aks-userpool-31415926-vmss000001';
let sim: Awaited<ReturnType<typeof startSimulator>>;

// Asynchronous on purpose: the simulator answers from this process while the CLI runs.
function triage(args: string[], kubeconfig = sim.kubeconfigPath) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [TRIAGE, ...args],
      { encoding: 'utf8', timeout: 90_000, env: { PATH: process.env.PATH, KUBECONFIG: kubeconfig } },
      (err, stdout, stderr) => done({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'node-notready-memory' });
});
afterAll(async () => {
  await sim?.close();
});

describe('triage run node-health', () => {
  it('prints the NotReady diagnosis first as JSON findings', async () => {
    const result = await triage(['run', 'node-health', '--node', NODE, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const { findings } = JSON.parse(result.stdout) as { findings: Finding[] };
    expect(findings[0]).toMatchObject({ severity: 'critical', subject: `node/${NODE}` });
    expect(findings[0]?.title).toMatch(
      /is NotReady: kubelet stopped posting status \d+m ago after memory pressure and 6 OOM kills$/,
    );
    expect(
      findings.some((f) =>
        f.title.startsWith('Pod reporting/reports-worker-j6hsg8768p-gk98h was OOM-killed'),
      ),
    ).toBe(true);
  }, 120_000);

  it('refuses a node name that is not a Kubernetes name, in one line', async () => {
    const result = await triage(['run', 'node-health', '--node', 'bad/../name', '--json']);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/node/);
  }, 120_000);
});

describe('triage run node-health on the other seed incidents', () => {
  it.each([
    {
      scenario: 'node-disk-pressure',
      node: 'aks-nodepool1-31415926-vmss000002',
      first: {
        severity: 'critical',
        title: /has DiskPressure: image garbage collection found nothing to free/,
      },
    },
    {
      scenario: 'windows-mixed',
      node: 'aksnpwin000001',
      first: {
        severity: 'critical',
        title:
          /^Pod win\/legacy-api-wpp69n7mmg-fg9bb cannot start on aksnpwin000001: image ltsc2022 \(10\.0\.20348\) does not match the node's Windows build 10\.0\.17763$/,
      },
    },
    {
      scenario: 'healthy',
      node: 'aks-nodepool1-31415926-vmss000000',
      first: {
        severity: 'ok',
        title: /^Node aks-nodepool1-31415926-vmss000000 is Ready, no pressure, no taints$/,
      },
    },
  ])(
    '$scenario: the root cause of $node comes first',
    async ({ scenario, node, first }) => {
      const other = await startSimulator({ scenario });
      try {
        const result = await triage(['run', 'node-health', '--node', node, '--json'], other.kubeconfigPath);
        expect(result.status).toBe(0);
        const { findings } = JSON.parse(result.stdout) as { findings: Finding[] };
        expect(findings[0]?.severity).toBe(first.severity);
        expect(findings[0]?.title).toMatch(first.title);
      } finally {
        await other.close();
      }
    },
    120_000,
  );
});
