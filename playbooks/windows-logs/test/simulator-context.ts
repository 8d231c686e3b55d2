import { type Simulator, startSimulator } from '@triage/cluster-sim';
import type { Logger, PlaybookContext } from '@triage/core';
import { createDiagnosticPods, createKubeReader, loadKubeConfig } from '@triage/kube';

export const TRIAGE_NAMESPACE = 'triage-system';
const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

/** windows-mixed with Triage's namespace, which an install creates (the scenario has none). */
export async function startWindowsMixed(): Promise<Simulator> {
  const sim = await startSimulator({ scenario: 'windows-mixed' });
  try {
    sim.store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: TRIAGE_NAMESPACE },
    });
  } catch (err) {
    await sim.close();
    throw err;
  }
  return sim;
}

/** A PlaybookContext over the simulator with the real reader and diagnostic pods. */
export function simulatorContext(
  sim: Simulator,
  options: { diagnosticPods?: boolean; signal?: AbortSignal } = {},
): PlaybookContext & { progressed: string[] } {
  const kc = loadKubeConfig({ kubeconfig: sim.kubeconfigPath });
  const signal = options.signal ?? AbortSignal.timeout(120_000);
  const progressed: string[] = [];
  return {
    kube: createKubeReader(kc, { signal }),
    ...(options.diagnosticPods !== false && {
      diagnosticPods: createDiagnosticPods(kc, { namespace: TRIAGE_NAMESPACE, pollIntervalMs: 250 }),
    }),
    clock: () => new Date(),
    log: silentLog,
    signal,
    progress: async (text) => {
      progressed.push(text);
    },
    trigger: {
      source: 'cli',
      key: 'sim/windows-logs',
      status: 'firing',
      name: 'run windows-logs',
      cluster: 'aks-shop-prod',
      labels: {},
      annotations: {},
      startsAt: new Date().toISOString(),
    },
    cluster: 'aks-shop-prod',
    progressed,
  };
}

/** Pods left in Triage's namespace. */
export async function diagnosticPodsLeft(sim: Simulator): Promise<number> {
  const kube = createKubeReader(loadKubeConfig({ kubeconfig: sim.kubeconfigPath }));
  return (await kube.list('pods', { namespace: TRIAGE_NAMESPACE })).length;
}
