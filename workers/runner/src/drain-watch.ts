import type { KubeObject, KubeReader, Signal } from '@triage/core';
import { drainCandidates } from '@triage/playbook-pdb-drain';

/** Names of the signals the drain watch raises. */
export const DRAIN_WATCH_SIGNALS = {
  /** A node cordoned for longer than allowed that still runs pods a drain would evict. */
  stuck: 'NodeDrainStuck',
  /** A recent Warning event saying an eviction or drain failed on a node. */
  blocked: 'EvictionBlocked',
} as const;

/**
 * Warning event reasons that report a failed eviction or drain: the AKS upgrader (`Drain`, e.g.
 * "Eviction blocked by Too Many Requests (usually a pdb): web/nginx-…"; its Normal `Drain` events
 * only say it started), Karpenter (`FailedDraining`) and cluster-autoscaler (`ScaleDownFailed`).
 */
export const FAILED_DRAIN_REASONS = ['Drain', 'FailedDraining', 'ScaleDownFailed'] as const;

/** What one check compares against. */
export interface DrainWatchOptions {
  cluster: string;
  now: Date;
  /** A cordon older than this, with pods still to evict, is a stuck drain. */
  stuckAfterMs: number;
  /** Failed-drain events last seen before `now - lookbackMs` are left out (an earlier check saw them). */
  lookbackMs: number;
}

// The taint the node lifecycle controller adds to every cordoned node; its timeAdded dates the cordon.
const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';
// Bounds a list of events of one reason, so a cluster flooding events cannot stall the check.
const MAX_EVENTS_PER_REASON = 1000;
const MAX_ANNOTATION_CHARS = 500;

interface Taint {
  key?: string;
  timeAdded?: string;
}

const timeOf = (value: unknown): number | undefined => {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

/** When the node was cordoned (the unschedulable taint's timeAdded); undefined when not cordoned or not dated. */
export function cordonedSince(node: KubeObject): Date | undefined {
  if (node.spec?.unschedulable !== true) return undefined;
  const taints = (node.spec.taints as Taint[] | undefined) ?? [];
  const added = timeOf(taints.find((t) => t.key === UNSCHEDULABLE_TAINT)?.timeAdded);
  return added === undefined ? undefined : new Date(added);
}

function drainSignal(
  name: string,
  node: string,
  summary: string,
  startsAt: Date,
  options: DrainWatchOptions,
): Signal {
  return {
    source: 'schedule',
    // One key per node and kind: repeats of later checks fall into the intake's dedupe window.
    key: `drain-watch/${options.cluster}/${name}/${node}`,
    status: 'firing',
    name,
    cluster: options.cluster,
    labels: { node },
    annotations: { summary: summary.slice(0, MAX_ANNOTATION_CHARS) },
    startsAt: startsAt.toISOString(),
    playbook: 'pdb-drain',
    params: { node },
  };
}

/** A NodeDrainStuck signal when the node has been cordoned too long and `pods` (its pods) hold a drain up. */
export function stuckDrainSignal(
  node: KubeObject,
  pods: readonly KubeObject[],
  options: DrainWatchOptions,
): Signal | undefined {
  const since = cordonedSince(node);
  if (!since || options.now.getTime() - since.getTime() < options.stuckAfterMs) return undefined;
  const left = drainCandidates(pods).evict;
  if (left.length === 0) return undefined;
  const minutes = Math.floor((options.now.getTime() - since.getTime()) / 60_000);
  const examples = left.slice(0, 3).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  const more = left.length > examples.length ? ', …' : '';
  return drainSignal(
    DRAIN_WATCH_SIGNALS.stuck,
    node.metadata.name,
    `Node ${node.metadata.name} has been cordoned for ${minutes} min and still runs ${left.length} pod(s) a drain would evict: ${examples.join(', ')}${more}`,
    since,
    options,
  );
}

interface EventFields {
  type?: string;
  reason?: string;
  message?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  lastTimestamp?: string;
  eventTime?: string;
  series?: { lastObservedTime?: string };
}

/** When the event was last seen: a series' last observation, else lastTimestamp, eventTime, creation. */
function lastSeen(event: KubeObject): number | undefined {
  const e = event as EventFields;
  return (
    timeOf(e.series?.lastObservedTime) ??
    timeOf(e.lastTimestamp) ??
    timeOf(e.eventTime) ??
    timeOf(event.metadata.creationTimestamp)
  );
}

/** The failed-drain Warning events seen within the lookback, newest first. */
export function recentFailedDrains(events: readonly KubeObject[], options: DrainWatchOptions): KubeObject[] {
  const since = options.now.getTime() - options.lookbackMs;
  const reasons: readonly string[] = FAILED_DRAIN_REASONS;
  return events
    .filter((e) => {
      const fields = e as EventFields;
      const seen = lastSeen(e);
      return (
        fields.type === 'Warning' &&
        reasons.includes(fields.reason ?? '') &&
        seen !== undefined &&
        seen >= since
      );
    })
    .sort((a, b) => (lastSeen(b) ?? 0) - (lastSeen(a) ?? 0));
}

/** An EvictionBlocked signal for `node` from one failed-drain event. */
export function failedDrainSignal(node: string, event: KubeObject, options: DrainWatchOptions): Signal {
  const e = event as EventFields;
  const first = timeOf(e.eventTime) ?? timeOf((event as { firstTimestamp?: string }).firstTimestamp);
  return drainSignal(
    DRAIN_WATCH_SIGNALS.blocked,
    node,
    `${e.reason}: ${e.message ?? ''}`,
    new Date(first ?? lastSeen(event) ?? options.now.getTime()),
    options,
  );
}

/** The node a failed-drain event is about: the node itself, or the node of the pod it names. */
async function nodeOfEvent(kube: KubeReader, event: KubeObject): Promise<string | undefined> {
  const involved = (event as EventFields).involvedObject;
  if (!involved?.name) return undefined;
  if (involved.kind === 'Node') return involved.name;
  if (involved.kind !== 'Pod' || !involved.namespace) return undefined;
  const pod = await kube.get('pods', involved.name, involved.namespace);
  const nodeName = pod?.spec?.nodeName;
  return typeof nodeName === 'string' && nodeName ? nodeName : undefined;
}

/**
 * One look at the cluster for drains that are stuck: cordoned nodes (one list) and, for those cordoned
 * longer than allowed, their pods (one list per node); then failed-drain Warning events (one list per
 * reason). At most one signal of each kind per node.
 */
export async function checkDrains(kube: KubeReader, options: DrainWatchOptions): Promise<Signal[]> {
  const signals: Signal[] = [];
  const cordoned = await kube.list('nodes', { fieldSelector: 'spec.unschedulable=true' });
  for (const node of cordoned) {
    const since = cordonedSince(node);
    // Pods are only read for nodes cordoned long enough, so a fresh cordon costs nothing.
    if (!since || options.now.getTime() - since.getTime() < options.stuckAfterMs) continue;
    const pods = await kube.list('pods', { fieldSelector: `spec.nodeName=${node.metadata.name}` });
    const signal = stuckDrainSignal(node, pods, options);
    if (signal) signals.push(signal);
  }

  const events = await Promise.all(
    FAILED_DRAIN_REASONS.map((reason) =>
      kube.list('events', { fieldSelector: `type=Warning,reason=${reason}`, max: MAX_EVENTS_PER_REASON }),
    ),
  );
  const reported = new Set<string>();
  for (const event of recentFailedDrains(events.flat(), options)) {
    const node = await nodeOfEvent(kube, event);
    if (!node || reported.has(node)) continue;
    reported.add(node);
    signals.push(failedDrainSignal(node, event, options));
  }
  return signals;
}
