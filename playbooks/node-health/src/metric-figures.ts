import { formatBytes } from '@triage/charts';
import type { Evidence } from '@triage/core';
import { MEMORY_WINDOW_SECONDS } from './node-metric-queries.js';
import type { NodeMetrics, Points } from './node-metrics.js';

/** The headline figures of one resource: evidence, a short title phrase, and how close to full it got (0–1). */
export interface ResourceFigures {
  evidence: Evidence;
  headline: string;
  fullness: number;
}

export const hhmm = (seconds: number) => new Date(seconds * 1000).toISOString().slice(11, 16);
const percent = (ratio: number) => `${(ratio * 100).toFixed(ratio >= 0.995 && ratio < 1 ? 1 : 0)} %`;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function extreme(points: Points, pick: 'min' | 'max'): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const p of points) if (!best || (pick === 'max' ? p[1] > best[1] : p[1] < best[1])) best = p;
  return best;
}

/** About when the exporter's last sample was: the memory line runs one window past it. */
export function lastSampleTime(m: NodeMetrics): number | undefined {
  const last = m.memoryAvailable.at(-1)?.[0];
  return last === undefined ? undefined : last - MEMORY_WINDOW_SECONDS;
}

/**
 * The part of a line the node was still reporting: after its last sample, rate() over a window the
 * samples no longer fill drifts towards 0 (and CPU busy towards 100 %).
 */
function live(m: NodeMetrics, points: Points): Points {
  const last = lastSampleTime(m) ?? Number.POSITIVE_INFINITY;
  return points.filter(([t]) => t <= last);
}

/** Memory used (total − available) at each time both are known. */
export function memoryUsed(m: NodeMetrics): Points {
  const totals = new Map(m.memoryTotal);
  const fallback = m.memoryTotal.at(-1)?.[1];
  const used: Points = [];
  for (const [t, available] of m.memoryAvailable) {
    const total = totals.get(t) ?? fallback;
    if (total !== undefined) used.push([t, total - available]);
  }
  return used;
}

/** Where used memory started, its peak, and when the samples stop. */
export function memoryFigures(m: NodeMetrics, exporter: string): ResourceFigures | undefined {
  const used = memoryUsed(m);
  const first = used[0];
  const peak = extreme(used, 'max');
  const total = m.memoryTotal.at(-1)?.[1];
  if (!first || !peak || !total) return undefined;
  const last = lastSampleTime(m) ?? peak[0];
  const stopped =
    m.end.getTime() / 1000 - last > 300
      ? `; no samples after about ${hhmm(last)} (exporter unreachable)`
      : '';
  const text =
    `used ${formatBytes(first[1])} (${percent(first[1] / total)}) at ${hhmm(first[0])} → peak ${formatBytes(peak[1])} ` +
    `(${percent(peak[1] / total)} of ${formatBytes(total)}, ${formatBytes(total - peak[1])} available) at ${hhmm(peak[0])}${stopped}`;
  return {
    evidence: { source: `Prometheus ${exporter} memory`, text, at: iso(peak[0]) },
    headline: `used peaked at ${percent(peak[1] / total)} (${formatBytes(total - peak[1])} available at ${hhmm(peak[0])})`,
    fullness: peak[1] / total,
  };
}

/** How the free share of the root filesystem (`C:` on Windows) moved, and its lowest point. */
export function diskFigures(m: NodeMetrics, exporter: string): ResourceFigures | undefined {
  const free = live(m, m.diskFree);
  const first = free[0];
  const lowest = extreme(free, 'min');
  if (!first || !lowest) return undefined;
  const volume = m.target.os === 'windows' ? 'C:' : 'root filesystem';
  return {
    evidence: {
      source: `Prometheus ${exporter} disk`,
      text: `${volume} free ${percent(first[1])} at ${hhmm(first[0])} → lowest ${percent(lowest[1])} at ${hhmm(lowest[0])}`,
      at: iso(lowest[0]),
    },
    headline: `${volume} free fell to ${percent(lowest[1])} (at ${hhmm(lowest[0])})`,
    fullness: 1 - lowest[1],
  };
}

/** CPU and network peaks while the node reported. */
export function activityEvidence(m: NodeMetrics, exporter: string): Evidence[] {
  const busy = extreme(live(m, m.cpuBusy), 'max');
  const rx = extreme(live(m, m.receiveRate), 'max');
  const tx = extreme(live(m, m.transmitRate), 'max');
  const evidence: Evidence[] = [];
  if (busy)
    evidence.push({
      source: `Prometheus ${exporter} CPU`,
      text: `CPU busy peaked at ${percent(busy[1])} at ${hhmm(busy[0])}`,
      at: iso(busy[0]),
    });
  if (rx && tx)
    evidence.push({
      source: `Prometheus ${exporter} network`,
      text: `receive peaked at ${formatBytes(rx[1])}/s (${hhmm(rx[0])}), transmit at ${formatBytes(tx[1])}/s (${hhmm(tx[0])})`,
    });
  return evidence;
}
