import { type Simulator, startSimulator } from '@triage/cluster-sim';
import type { KubeReader, Logger, PlaybookContext, Signal } from '@triage/core';
import { createDiagnosticPods, createKubeDryRun, createKubeReader, loadKubeConfig } from '@triage/kube';

/** Triage's own namespace, where diagnostic pods run. */
export const TRIAGE_NAMESPACE = 'triage-system';

/** A logger that drops everything, for playbook tests. */
export const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

/** What {@link playbookContext} builds a context from. */
export interface PlaybookContextOptions {
  kube: KubeReader;
  /** The trigger's name and any fields that differ from a CLI run's. */
  trigger: Partial<Signal> & { name: string };
  /** A fixed clock (fixtures are written against one); default the real time. */
  now?: Date;
  /** Default `test`. */
  cluster?: string;
  /** Default: never aborts. */
  signal?: AbortSignal;
}

/**
 * A PlaybookContext as the runner builds one, over the given reader, triggered like a CLI run unless
 * `trigger` says otherwise; `progressed` collects what the playbook reported. Optional parts of the
 * context (dryRun, diagnosticPods, logs, metrics) are spread over it by the caller.
 */
export function playbookContext(options: PlaybookContextOptions): PlaybookContext & { progressed: string[] } {
  const { now } = options;
  const cluster = options.cluster ?? 'test';
  const progressed: string[] = [];
  return {
    kube: options.kube,
    clock: now ? () => now : () => new Date(),
    log: silentLog,
    signal: options.signal ?? new AbortController().signal,
    progress: async (text) => {
      progressed.push(text);
    },
    trigger: {
      source: 'cli',
      key: 'test',
      status: 'firing',
      cluster,
      labels: {},
      annotations: {},
      startsAt: (now ?? new Date()).toISOString(),
      ...options.trigger,
    },
    cluster,
    progressed,
  };
}

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
  const wrap = options.wrap ?? ((kube) => kube);
  return {
    ...playbookContext({
      kube: wrap(createKubeReader(kc, { signal })),
      trigger: { key: `sim/${options.triggerName}`, name: options.triggerName },
      cluster: 'aks-shop-prod',
      signal,
    }),
    ...(options.dryRun && { dryRun: createKubeDryRun(kc, { signal }) }),
    ...(options.diagnosticPodsNamespace && {
      diagnosticPods: createDiagnosticPods(kc, {
        namespace: options.diagnosticPodsNamespace,
        pollIntervalMs: 250,
      }),
    }),
  };
}

/** Pods left in Triage's namespace (diagnostic pods must never be). */
export async function diagnosticPodsLeft(kubeconfig: string): Promise<number> {
  const kube = createKubeReader(loadKubeConfig({ kubeconfig }));
  return (await kube.list('pods', { namespace: TRIAGE_NAMESPACE })).length;
}
