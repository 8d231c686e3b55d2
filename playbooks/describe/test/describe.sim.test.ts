import type { Logger, PlaybookContext } from '@triage/core';
import { startSimulator } from '@triage/cluster-sim';
import { createKubeReader, loadKubeConfig } from '@triage/kube';
import { describe as group, expect, it } from 'vitest';
import { describeParams, describePlaybook } from '../src/index.js';

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

/** Runs describe on `subject` against a simulator playing `scenario`, through the real reader. */
async function describeInScenario(scenario: string, subject: string) {
  const sim = await startSimulator({ scenario });
  try {
    const signal = AbortSignal.timeout(60_000);
    const ctx: PlaybookContext = {
      kube: createKubeReader(loadKubeConfig({ kubeconfig: sim.kubeconfigPath }), { signal }),
      clock: () => new Date(),
      log: silentLog,
      signal,
      progress: async () => {},
      trigger: {
        source: 'cli',
        key: subject,
        status: 'firing',
        name: 'describe',
        cluster: 'aks-shop-prod',
        labels: {},
        annotations: {},
        startsAt: new Date().toISOString(),
      },
      cluster: 'aks-shop-prod',
    };
    return await describePlaybook.run(ctx, describeParams.parse({ subject }));
  } finally {
    await sim.close();
  }
}

group('describe against the cluster simulator', () => {
  it('finds the stale heartbeat of the NotReady node in node-notready-memory, first and critical', async () => {
    const findings = await describeInScenario(
      'node-notready-memory',
      'node/aks-userpool-31415926-vmss000001',
    );
    expect(findings[0]?.severity).toBe('critical');
    expect(findings[0]?.title).toMatch(
      /^Node aks-userpool-31415926-vmss000001: kubelet stopped posting status 1[3-5]m ago$/,
    );
    expect(findings[0]?.evidence[0]?.text).toContain('Kubelet stopped posting node status.');
    const pods = findings.find((f) => f.title.includes('pods on node'));
    expect(pods?.title).toMatch(/Evicted/);
    expect(pods?.evidence.map((e) => e.text).join('\n')).toContain('OOMKilled');
    const events = findings.find((f) => f.title.includes('Warning events'));
    expect(events?.evidence[0]?.source).toMatch(
      /^Event Warning\/(OOMKilling|SystemOOM) ×6 \(last \d+m ago\)$/,
    );
  });

  it('gives a node of the healthy scenario one ok finding', async () => {
    const findings = await describeInScenario('healthy', 'node/aks-nodepool1-31415926-vmss000000');
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['ok', 'Node aks-nodepool1-31415926-vmss000000 is Ready'],
    ]);
  });

  it('flags the targetPort no container exposes in tcp-refused', async () => {
    const findings = await describeInScenario('tcp-refused', 'service/shop/order-service');
    const ports = findings.find(
      (f) => f.title === 'Service shop/order-service: targetPort not exposed by its pods',
    );
    expect(ports?.severity).toBe('warning');
    expect(ports?.evidence[0]?.text).toMatch(/^targetPort 8080 .* containers declare: 3000\/http$/);
  });
});
