import { startSimulator } from '@triage/cluster-sim';
import type { KubeReader, PlaybookContext } from '@triage/core';
import { simulatorContext as sharedContext } from '@triage/dev-services';
import { nodeHealthParams, nodeHealthPlaybook } from '../src/index.js';

/**
 * A PlaybookContext on a simulator's kubeconfig through the real reader, started by `triggerName`.
 * `wrap` lets a caller observe the reader (the bench counts its requests).
 */
export function simulatorContext(
  kubeconfig: string,
  triggerName: string,
  wrap: (kube: KubeReader) => KubeReader = (kube) => kube,
): PlaybookContext & { progressed: string[] } {
  return sharedContext(kubeconfig, { triggerName, wrap, signal: AbortSignal.timeout(60_000) });
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
