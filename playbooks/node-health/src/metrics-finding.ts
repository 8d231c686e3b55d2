import { formatBytes } from '@triage/charts';
import type { Evidence, Finding, Metrics } from '@triage/core';
import { type IncidentMoment, incidentMoment } from './incident-moment.js';
import { memoryChart, memoryUsed } from './memory-chart.js';
import type { NodeHealth } from './node-health.js';
import { MEMORY_WINDOW_SECONDS } from './node-metric-queries.js';
import { type NodeMetrics, type Points, readNodeMetrics } from './node-metrics.js';
import { isWindowsNode } from './windows-node.js';

const HOUR_MS = 3_600_000;

const hhmm = (seconds: number) => new Date(seconds * 1000).toISOString().slice(11, 16);
const percent = (ratio: number) => `${(ratio * 100).toFixed(ratio >= 0.995 && ratio < 1 ? 1 : 0)} %`;

function extreme(points: Points, pick: 'min' | 'max'): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const p of points) if (!best || (pick === 'max' ? p[1] > best[1] : p[1] < best[1])) best = p;
  return best;
}

/** About when the exporter's last sample was: the memory line runs one window past it. */
function lastSampleTime(m: NodeMetrics): number | undefined {
  const last = m.memoryAvailable.at(-1)?.[0];
  return last === undefined ? undefined : last - MEMORY_WINDOW_SECONDS;
}

/** Memory figures: where used memory started, its peak, and when the data stops. */
function memoryEvidence(
  m: NodeMetrics,
  exporter: string,
): { evidence: Evidence; headline: string; peakRatio: number } | undefined {
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
    evidence: { source: `Prometheus ${exporter} memory`, text, at: new Date(peak[0] * 1000).toISOString() },
    headline: `used peaked at ${percent(peak[1] / total)} (${formatBytes(total - peak[1])} available at ${hhmm(peak[0])})`,
    peakRatio: peak[1] / total,
  };
}

function peakEvidence(
  source: string,
  points: Points,
  describe: (value: number) => string,
): Evidence | undefined {
  const peak = extreme(points, 'max');
  if (!peak) return undefined;
  return {
    source,
    text: `${describe(peak[1])} at ${hhmm(peak[0])}`,
    at: new Date(peak[0] * 1000).toISOString(),
  };
}

function otherEvidence(m: NodeMetrics, exporter: string): Evidence[] {
  // After the node's last sample, rate() over a window the samples no longer fill drifts towards 0
  // (and CPU busy towards 100 %): only the time up to the last memory sample is read.
  const lastSample = lastSampleTime(m) ?? Number.POSITIVE_INFINITY;
  const live = (points: Points) => points.filter(([t]) => t <= lastSample);
  const lowestFree = extreme(live(m.diskFree), 'min');
  const rx = extreme(live(m.receiveRate), 'max');
  const tx = extreme(live(m.transmitRate), 'max');
  return [
    peakEvidence(`Prometheus ${exporter} CPU`, live(m.cpuBusy), (v) => `CPU busy peaked at ${percent(v)}`),
    lowestFree && {
      source: `Prometheus ${exporter} disk`,
      text: `${m.target.os === 'windows' ? 'C:' : 'root filesystem'} free at its lowest ${percent(lowestFree[1])} at ${hhmm(lowestFree[0])}`,
    },
    rx &&
      tx && {
        source: `Prometheus ${exporter} network`,
        text: `receive peaked at ${formatBytes(rx[1])}/s (${hhmm(rx[0])}), transmit at ${formatBytes(tx[1])}/s (${hhmm(tx[0])})`,
      },
  ].filter((e): e is Evidence => e !== undefined);
}

function unavailable(h: NodeHealth, title: string, text: string, steps: string[]): Finding {
  return {
    severity: 'info',
    title,
    detail: 'Node-health reads memory, CPU, disk and network from Prometheus when it is configured.',
    subject: `node/${h.name}`,
    evidence: [{ source: 'Prometheus', text }],
    remediation: { summary: 'Make the node exporter metrics reachable', steps },
  };
}

function metricsWindow(incident: IncidentMoment, now: Date) {
  const start = new Date(incident.at.getTime() - HOUR_MS);
  return { start, end: new Date(Math.min(now.getTime(), incident.at.getTime() + HOUR_MS)) };
}

/**
 * What Prometheus says about the node in the hour before the incident: memory used (with the chart
 * attached as PNG), CPU, disk and network peaks. A failing or empty Prometheus gives an info finding
 * that says so; only cancellation throws.
 */
export async function metricsFinding(
  metrics: Metrics,
  h: NodeHealth,
  alertStartsAt: string | undefined,
  signal: AbortSignal,
): Promise<Finding> {
  const windows = isWindowsNode(h.node);
  const exporter = windows ? 'windows_exporter' : 'node_exporter';
  const incident = incidentMoment(h, alertStartsAt);
  const address = h.node.status.addresses.find((a) => a.type === 'InternalIP')?.address;
  let m: NodeMetrics;
  try {
    m = await readNodeMetrics(
      metrics,
      { node: h.name, os: windows ? 'windows' : 'linux', ...(address && { address }) },
      metricsWindow(incident, h.now),
      signal,
    );
  } catch (err) {
    signal.throwIfAborted();
    return unavailable(h, `Prometheus metrics for ${h.name} are unavailable`, (err as Error).message, [
      'Check the Prometheus URL and credentials in the Triage configuration (prometheus.url)',
    ]);
  }
  const memory = memoryEvidence(m, exporter);
  if (!memory)
    return unavailable(
      h,
      `Prometheus has no ${exporter} memory data for ${h.name}`,
      `no samples of ${m.queries.memoryAvailable}`,
      [
        windows
          ? 'Run windows_exporter on the Windows nodes (port 9182) and scrape it'
          : 'Run node_exporter on the nodes (port 9100) and scrape it with an instance or node label naming the node',
      ],
    );
  const evidence = [memory.evidence, ...otherEvidence(m, exporter)];
  const from = hhmm(m.start.getTime() / 1000);
  const to = hhmm(m.end.getTime() / 1000);
  const finding: Finding = {
    severity: memory.peakRatio >= 0.9 ? 'warning' : 'info',
    title: `Memory of ${h.name} in the hour before ${incident.what}: ${memory.headline}`,
    detail: `From Prometheus (${exporter}), ${from}–${to} UTC. The chart shows memory used against the node's total, with the OOM kills and the incident marked.`,
    subject: `node/${h.name}`,
    evidence,
  };
  try {
    finding.attachments = [await memoryChart(h, m, incident)];
  } catch (err) {
    finding.evidence.push({
      source: 'chart',
      text: `the memory chart could not be drawn: ${(err as Error).message}`,
    });
  }
  return finding;
}
