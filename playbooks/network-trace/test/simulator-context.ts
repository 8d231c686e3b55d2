import type { Simulator } from '@triage/cluster-sim';
import type { PlaybookContext } from '@triage/core';
import {
  diagnosticPodsLeft as podsLeft,
  simulatorContext as sharedContext,
  startScenarioWithTriageNamespace,
  TRIAGE_NAMESPACE,
} from '@triage/dev-services';

export { TRIAGE_NAMESPACE };

/** The scenarios have no Triage namespace; an install creates it, so the test does, through the API. */
export async function createTriageNamespace(sim: Simulator): Promise<void> {
  const response = await fetch(`${sim.url}/api/v1/namespaces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: TRIAGE_NAMESPACE } }),
  });
  if (response.status !== 201)
    throw new Error(`creating namespace: ${response.status} ${await response.text()}`);
}

/** A simulator playing `scenario`, with Triage's namespace. */
export const startScenario = startScenarioWithTriageNamespace;

/** A PlaybookContext over the simulator with the real reader, dry-run and diagnostic pods. */
export function simulatorContext(
  sim: Simulator,
  options: { diagnosticPods?: boolean; namespace?: string; triggerName?: string } = {},
): PlaybookContext & { progressed: string[] } {
  return sharedContext(sim.kubeconfigPath, {
    triggerName: options.triggerName ?? 'run network-trace',
    dryRun: true,
    ...(options.diagnosticPods !== false && {
      diagnosticPodsNamespace: options.namespace ?? TRIAGE_NAMESPACE,
    }),
  });
}

/** Pods left in Triage's namespace. */
export const diagnosticPodsLeft = (sim: Simulator): Promise<number> => podsLeft(sim.kubeconfigPath);
