import type { EventView } from './kube-views.js';

/** One event of the node, with its repeat count and the last time it happened. */
export interface TimelineEntry {
  reason: string;
  type: string;
  count: number;
  message: string;
  first?: string;
  last?: string;
  component?: string;
}

/** What the node's events say, summarised for the diagnosis. */
export interface NodeEventSummary {
  /** Every event, oldest last-occurrence first. */
  timeline: TimelineEntry[];
  /** Kernel OOM kills (NPD `OOMKilling` and kubelet `SystemOOM` report the same kill: the larger count). */
  oomKills: number;
  /** Process names the kernel killed, from `Killed process 28114 (java)`. */
  oomVictims: string[];
  /** Resources the eviction manager tried to reclaim (`Attempting to reclaim memory`). */
  reclaiming: string[];
  /** Image garbage collection that could not free enough disk (ImageGCFailed / FreeDiskSpaceFailed). */
  imageGcFailure?: TimelineEntry;
  /** Reboots the kubelet noticed (boot id changed). */
  reboots: number;
  /** How often the node went NotReady (NodeNotReady events). */
  notReadyTransitions: number;
  /** Kernel problems NPD reported (KernelOops, TaskHung, Ext4Error, IOError, …). */
  kernelProblems: TimelineEntry[];
}

const KERNEL_PROBLEMS = new Set([
  'KernelOops',
  'TaskHung',
  'UnregisterNetDevice',
  'Ext4Error',
  'Ext4Warning',
  'IOError',
  'MemoryReadError',
  'XfsShutdown',
]);

function lastTime(event: EventView): string | undefined {
  return (
    event.series?.lastObservedTime ??
    event.lastTimestamp ??
    event.eventTime ??
    event.firstTimestamp ??
    event.metadata.creationTimestamp ??
    undefined
  );
}

function toEntry(event: EventView): TimelineEntry {
  return {
    reason: event.reason ?? 'Unknown',
    type: event.type ?? 'Normal',
    count: event.series?.count ?? event.count ?? 1,
    message: (event.message ?? '').trim(),
    first: event.firstTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp ?? undefined,
    last: lastTime(event),
    component: event.source.component ?? event.reportingComponent,
  };
}

function countOf(timeline: readonly TimelineEntry[], reasons: readonly string[]): number {
  return timeline.filter((e) => reasons.includes(e.reason)).reduce((sum, e) => sum + e.count, 0);
}

/** Orders the node's events in time and pulls out what the diagnosis needs. */
export function summariseNodeEvents(events: readonly EventView[]): NodeEventSummary {
  const timeline = events
    .map(toEntry)
    .sort((a, b) => (Date.parse(a.last ?? '') || 0) - (Date.parse(b.last ?? '') || 0));
  const victims = timeline
    .filter((e) => e.reason === 'OOMKilling' || e.reason === 'SystemOOM')
    .map((e) => /Killed process \d+ \(([^)]+)\)|victim process: ([^,\s]+)/.exec(e.message))
    .flatMap((m) => (m ? [m[1] ?? m[2] ?? ''] : []));
  const reclaiming = timeline
    .filter((e) => e.reason === 'EvictionThresholdMet')
    .flatMap((e) => /reclaim (\S+)/.exec(e.message)?.[1] ?? []);
  return {
    timeline,
    oomKills: Math.max(countOf(timeline, ['OOMKilling']), countOf(timeline, ['SystemOOM'])),
    oomVictims: [...new Set(victims)],
    reclaiming: [...new Set(reclaiming)],
    imageGcFailure: [...timeline]
      .reverse()
      .find((e) => e.reason === 'ImageGCFailed' || e.reason === 'FreeDiskSpaceFailed'),
    reboots: countOf(timeline, ['Rebooted']),
    notReadyTransitions: countOf(timeline, ['NodeNotReady']),
    kernelProblems: timeline.filter((e) => KERNEL_PROBLEMS.has(e.reason)),
  };
}
