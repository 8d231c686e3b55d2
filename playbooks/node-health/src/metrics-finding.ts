import type { Finding, Metrics } from '@triage/core';
import { type IncidentMoment, incidentMoment } from './incident-moment.js';
import { activityEvidence, diskFigures, hhmm, memoryFigures } from './metric-figures.js';
import { diskChart, memoryChart } from './node-charts.js';
import { diskTroubleSeen, memoryTroubleSeen, type NodeHealth } from './node-health.js';
import { type NodeMetrics, readNodeMetrics } from './node-metrics.js';
import { isWindowsNode } from './windows-node.js';

const HOUR_MS = 3_600_000;

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

/** Disk leads on a node whose trouble is disk only; memory everywhere else. */
function focusOn(h: NodeHealth, m: NodeMetrics, exporter: string) {
  const memory = memoryFigures(m, exporter);
  const disk = diskFigures(m, exporter);
  if (disk && diskTroubleSeen(h) && !memoryTroubleSeen(h))
    return { resource: 'Disk', lead: disk, rest: memory, chart: diskChart, marks: 'failed image GC' };
  if (!memory) return undefined;
  return { resource: 'Memory', lead: memory, rest: disk, chart: memoryChart, marks: 'OOM kills' };
}

/**
 * What Prometheus says about the node since the hour before the incident: memory (or, on a node with disk
 * trouble only, disk) with its chart attached as PNG, then CPU, disk or memory, and network figures.
 * A failing or empty Prometheus gives an info finding that says so; only cancellation throws.
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
    const target = {
      node: h.name,
      os: windows ? ('windows' as const) : ('linux' as const),
      ...(address && { address }),
    };
    m = await readNodeMetrics(metrics, target, metricsWindow(incident, h.now), signal);
  } catch (err) {
    signal.throwIfAborted();
    return unavailable(h, `Prometheus metrics for ${h.name} are unavailable`, (err as Error).message, [
      'Check the Prometheus URL and credentials in the Triage configuration (prometheus.url)',
    ]);
  }
  const focus = focusOn(h, m, exporter);
  if (!focus)
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
  const [cpu, ...network] = activityEvidence(m, exporter);
  const supporting = [cpu, focus.rest?.evidence, ...network].filter((e) => e !== undefined);
  const finding: Finding = {
    severity: focus.lead.fullness >= 0.9 ? 'warning' : 'info',
    title: `${focus.resource} of ${h.name} since the hour before ${incident.what}: ${focus.lead.headline}`,
    detail: `From Prometheus (${exporter}), ${hhmm(m.start.getTime() / 1000)}–${hhmm(m.end.getTime() / 1000)} UTC. The chart shows ${focus.resource.toLowerCase()} used, with the ${focus.marks} and the incident marked.`,
    subject: `node/${h.name}`,
    evidence: [focus.lead.evidence, ...supporting],
  };
  try {
    finding.attachments = [await focus.chart(h, m, incident)];
  } catch (err) {
    finding.evidence.push({
      source: 'chart',
      text: `the chart could not be drawn: ${(err as Error).message}`,
    });
  }
  return finding;
}
