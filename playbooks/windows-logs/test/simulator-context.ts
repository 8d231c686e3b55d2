import type { Simulator } from '@triage/cluster-sim';
import type { PlaybookContext } from '@triage/core';
import {
  diagnosticPodsLeft as podsLeft,
  simulatorContext as sharedContext,
  startScenarioWithTriageNamespace,
  TRIAGE_NAMESPACE,
} from '@triage/dev-services';

export { TRIAGE_NAMESPACE };

/** windows-mixed with Triage's namespace, which an install creates (the scenario has none). */
export const startWindowsMixed = (): Promise<Simulator> => startScenarioWithTriageNamespace('windows-mixed');

/** A PlaybookContext over the simulator with the real reader and diagnostic pods. */
export function simulatorContext(
  sim: Simulator,
  options: { diagnosticPods?: boolean; signal?: AbortSignal } = {},
): PlaybookContext & { progressed: string[] } {
  return sharedContext(sim.kubeconfigPath, {
    triggerName: 'run windows-logs',
    ...(options.signal && { signal: options.signal }),
    ...(options.diagnosticPods !== false && { diagnosticPodsNamespace: TRIAGE_NAMESPACE }),
  });
}

/** Pods left in Triage's namespace. */
export const diagnosticPodsLeft = (sim: Simulator): Promise<number> => podsLeft(sim.kubeconfigPath);
