import { type Simulator, startSimulator } from '@triage/cluster-sim';
import type { KubeReader, Logger, PlaybookContext } from '@triage/core';
import { createDiagnosticPods, createKubeDryRun, createKubeReader, loadKubeConfig } from '@triage/kube';

/** Triage's own namespace, where diagnostic pods run. */
export const TRIAGE_NAMESPACE = 'triage-system';

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

/** A simulator playing `scenario`, with Triage's namespace (an install creates it; the scenarios have none). */
export async function startScenarioWithTriageNamespace(scenario: string): Promise<Simulator> {
  const sim = await startSimulator({ scenario });
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

/** What {@link simulatorContext} gives the playbook besides the reader. */
export interface SimulatorContextOptions {
  /** The trigger's name (`run <playbook>` as the CLI names it). */
  triggerName: string;
  /** Default: a 120 s deadline. */
  signal?: AbortSignal;
  /** ctx.dryRun (default off: a read-only install). */
  dryRun?: boolean;
  /** ctx.diagnosticPods in this namespace (default off). */
  diagnosticPodsNamespace?: string;
  /** Lets a caller observe the reader (a benchmark counts its requests). */
  wrap?: (kube: KubeReader) => KubeReader;
}

/**
 * A PlaybookContext over a simulator's kubeconfig with the real clients, as the runner builds one;
 * `progressed` collects what the playbook reported. For playbook tests and benchmarks.
 */
export function simulatorContext(
  kubeconfig: string,
  options: SimulatorContextOptions,
): PlaybookContext & { progressed: string[] } {
  const kc = loadKubeConfig({ kubeconfig });
  const signal = options.signal ?? AbortSignal.timeout(120_000);
  const progressed: string[] = [];
  const wrap = options.wrap ?? ((kube) => kube);
  return {
    kube: wrap(createKubeReader(kc, { signal })),
    ...(options.dryRun && { dryRun: createKubeDryRun(kc, { signal }) }),
    ...(options.diagnosticPodsNamespace && {
      diagnosticPods: createDiagnosticPods(kc, {
        namespace: options.diagnosticPodsNamespace,
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
      key: `sim/${options.triggerName}`,
      status: 'firing',
      name: options.triggerName,
      cluster: 'aks-shop-prod',
      labels: {},
      annotations: {},
      startsAt: new Date().toISOString(),
    },
    cluster: 'aks-shop-prod',
    progressed,
  };
}

/** Pods left in Triage's namespace (diagnostic pods must never be). */
export async function diagnosticPodsLeft(kubeconfig: string): Promise<number> {
  const kube = createKubeReader(loadKubeConfig({ kubeconfig }));
  return (await kube.list('pods', { namespace: TRIAGE_NAMESPACE })).length;
}
