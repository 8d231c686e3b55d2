import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

  it('traces the clients of a Service given with --service and sums their refused connects', async () => {
    const result = await triage([
      'run',
      'network-trace',
      '--service',
      'shop/order-service',
      '--mode',
      'tcp',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const { findings } = JSON.parse(result.stdout) as { findings: Finding[] };
    expect(findings[0]?.title).toBe(
      "storefront → order-service:80 refused 37 times in 15 s: Service order-service targetPort 8080, but its pods listen on 3000 (containerPort 'http')",
    );
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 150_000);

  it('refuses a pod that is not <namespace>/<name>, in one line', async () => {
    const result = await triage(['run', 'network-trace', '--pod', 'bad/../name', '--json']);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/pod must be <namespace>\/<name>/);
  }, 150_000);

  it('pulls the ig and gadget images from the registry the config names (air-gapped installs)', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'triage-nt-')), 'triage.yaml');
    writeFileSync(
      config,
      [
        'kube:',
        '  diagnosticImages:',
        '    ig: registry.contoso.internal/inspektor-gadget/ig:v0.55.0',
        '    gadgetRepository: registry.contoso.internal/inspektor-gadget/gadget',
        '',
      ].join('\n'),
    );
    const created: { image?: string; command?: string[] }[] = [];
    const stop = sim.store.watch('pods', { namespace: 'triage-system' }, (event) => {
      if (event.type === 'ADDED')
        created.push(((event.object.spec as { containers: object[] }).containers[0] ?? {}) as never);
    });
    try {
      const result = await triage([
        'run',
        'network-trace',
        '--config',
        config,
        '--pod',
        'shop/storefront-tzgssnhqj2-m25fg',
        '--mode',
        'tcp',
        '--json',
      ]);
      expect(result.stderr).toBe('');
      expect(created[0]?.image).toBe('registry.contoso.internal/inspektor-gadget/ig:v0.55.0');
      expect(created[0]?.command?.[2]).toBe(
        'registry.contoso.internal/inspektor-gadget/gadget/trace_tcp:v0.55.0',
      );
    } finally {
      stop();
    }
  }, 150_000);
});
