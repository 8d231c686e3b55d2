import { startSimulator } from '@triage/cluster-sim';
import type { KubeReader, Logger, PlaybookContext } from '@triage/core';
import { createKubeReader, loadKubeConfig } from '@triage/kube';
import { nodeHealthParams, nodeHealthPlaybook } from '../src/index.js';

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

/**
 * A PlaybookContext on a simulator's kubeconfig through the real reader, started by `triggerName`.
 * `wrap` lets a caller observe the reader (the bench counts its requests).
 */
export function simulatorContext(
  kubeconfig: string,
  triggerName: string,
  wrap: (kube: KubeReader) => KubeReader = (kube) => kube,
): PlaybookContext & { progressed: string[] } {
  const signal = AbortSignal.timeout(60_000);
  const progressed: string[] = [];
  return {
    kube: wrap(createKubeReader(loadKubeConfig({ kubeconfig }), { signal })),
    clock: () => new Date(),
    log: silentLog,
    signal,
    progress: async (text) => {
      progressed.push(text);
    },
    trigger: {
      source: 'cli',
      key: `sim/${triggerName}`,
      status: 'firing',
      name: triggerName,
      cluster: 'aks-shop-prod',
      labels: {},
      annotations: {},
      startsAt: new Date().toISOString(),
    },
    cluster: 'aks-shop-prod',
    progressed,
  };
}

/** Runs node-health on `node` against a simulator playing `scenario`. */
export async function nodeHealthInScenario(scenario: string, node: string, triggerName = 'run node-health') {
  const sim = await startSimulator({ scenario });
  try {
    const ctx = simulatorContext(sim.kubeconfigPath, triggerName);
    const findings = await nodeHealthPlaybook.run(ctx, nodeHealthParams.parse({ node }));
    return { findings, progress: ctx.progressed };
  } finally {
    await sim.close();
  }
}
