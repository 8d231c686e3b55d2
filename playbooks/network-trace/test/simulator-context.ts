import { type Simulator, startSimulator } from '@triage/cluster-sim';
import type { Logger, PlaybookContext } from '@triage/core';
import { createDiagnosticPods, createKubeDryRun, createKubeReader, loadKubeConfig } from '@triage/kube';

export const TRIAGE_NAMESPACE = 'triage-system';
const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

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
export async function startScenario(scenario: string): Promise<Simulator> {
  const sim = await startSimulator({ scenario });
  try {
    await createTriageNamespace(sim);
  } catch (err) {
    await sim.close();
    throw err;
  }
  return sim;
}

/** A PlaybookContext over the simulator with the real reader, dry-run and diagnostic pods. */
export function simulatorContext(
  sim: Simulator,
  options: { diagnosticPods?: boolean; namespace?: string; triggerName?: string } = {},
): PlaybookContext & { progressed: string[] } {
  const kc = loadKubeConfig({ kubeconfig: sim.kubeconfigPath });
  const signal = AbortSignal.timeout(120_000);
  const progressed: string[] = [];
  return {
    kube: createKubeReader(kc, { signal }),
    dryRun: createKubeDryRun(kc, { signal }),
    ...(options.diagnosticPods !== false && {
      diagnosticPods: createDiagnosticPods(kc, {
        namespace: options.namespace ?? TRIAGE_NAMESPACE,
        pollIntervalMs: 250,
      }),
    }),
    clock: () => new Date(),
    log: silentLog,
    signal,
    progress: async (text) => {
      progressed.push(text);
    },
    trigger: {
      source: 'cli',
      key: 'sim/network-trace',
      status: 'firing',
      name: options.triggerName ?? 'run network-trace',
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
