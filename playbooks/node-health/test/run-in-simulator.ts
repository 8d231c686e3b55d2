import { startSimulator } from '@triage/cluster-sim';
import type { Logger, PlaybookContext } from '@triage/core';
import { createKubeReader, loadKubeConfig } from '@triage/kube';
import { nodeHealthParams, nodeHealthPlaybook } from '../src/index.js';

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

/** Runs node-health on `node` against a simulator playing `scenario`, through the real reader. */
export async function nodeHealthInScenario(scenario: string, node: string, triggerName = 'run node-health') {
  const sim = await startSimulator({ scenario });
  try {
    const signal = AbortSignal.timeout(60_000);
    const progress: string[] = [];
    const ctx: PlaybookContext = {
      kube: createKubeReader(loadKubeConfig({ kubeconfig: sim.kubeconfigPath }), { signal }),
      clock: () => new Date(),
      log: silentLog,
      signal,
      progress: async (text) => {
        progress.push(text);
      },
      trigger: {
        source: 'cli',
        key: `${scenario}/${node}`,
        status: 'firing',
        name: triggerName,
        cluster: 'aks-shop-prod',
        labels: {},
        annotations: {},
        startsAt: new Date().toISOString(),
      },
      cluster: 'aks-shop-prod',
    };
    const findings = await nodeHealthPlaybook.run(ctx, nodeHealthParams.parse({ node }));
    return { findings, progress };
  } finally {
    await sim.close();
  }
}
