import type { MetricSeries, Metrics } from '@triage/core';
import { type MetricsTarget, type NodeMetricQueries, nodeMetricQueries } from './node-metric-queries.js';

/** A series' points: `[unix seconds, value]`. */
export type Points = [time: number, value: number][];

/** What Prometheus holds for the node over the window, one line per measure (empty: no data). */
export interface NodeMetrics {
  target: MetricsTarget;
  start: Date;
  end: Date;
  queries: NodeMetricQueries;
  memoryAvailable: Points;
  memoryTotal: Points;
  cpuBusy: Points;
  diskFree: Points;
  receiveRate: Points;
  transmitRate: Points;
}

/** Points of the first series (the queries aggregate to one), empty when there is none. */
function firstPoints(series: MetricSeries[]): Points {
  return series[0]?.points ?? [];
}

/**
 * Runs the node's memory, CPU, disk and network range queries side by side, at a step that keeps each
 * line under 250 points. Errors (Prometheus down, bad answer) are the caller's to report.
 */
export async function readNodeMetrics(
  metrics: Metrics,
  target: MetricsTarget,
  window: { start: Date; end: Date },
  signal: AbortSignal,
): Promise<NodeMetrics> {
  const queries = nodeMetricQueries(target);
  const seconds = (window.end.getTime() - window.start.getTime()) / 1000;
  const range = { ...window, stepSeconds: Math.max(15, Math.ceil(seconds / 240)), signal };
  const names = Object.keys(queries) as (keyof NodeMetricQueries)[];
  const answers = await Promise.all(names.map((name) => metrics.queryRange(queries[name], range)));
  const lines = Object.fromEntries(names.map((name, i) => [name, firstPoints(answers[i] ?? [])]));
  return { target, ...window, queries, ...(lines as Record<keyof NodeMetricQueries, Points>) };
}
