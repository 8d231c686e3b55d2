import { type ChartMarker, pngAttachment, renderLineChartPng } from '@triage/charts';
import type { Attachment } from '@triage/core';
import type { IncidentMoment } from './incident-moment.js';
import type { NodeHealth } from './node-health.js';
import type { NodeMetrics, Points } from './node-metrics.js';

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

/** The OOM kills the node's events report (first and last), and the incident itself. */
function markers(h: NodeHealth, incident: IncidentMoment): ChartMarker[] {
  const out: ChartMarker[] = [];
  const ooms =
    h.events.timeline.find((e) => e.reason === 'OOMKilling') ??
    h.events.timeline.find((e) => e.reason === 'SystemOOM');
  const first = ooms?.first ?? ooms?.last;
  if (ooms && first) out.push({ at: new Date(first), label: ooms.count > 1 ? 'first OOM kill' : 'OOM kill' });
  if (ooms?.last && ooms.count > 1 && ooms.last !== first)
    out.push({ at: new Date(ooms.last), label: `last OOM kill (×${ooms.count})` });
  if (incident.label !== 'now') out.push({ at: incident.at, label: incident.label });
  return out.filter((m) => !Number.isNaN(m.at.getTime()));
}

/**
 * The node's memory as a PNG: used memory climbing towards the node's total, with the OOM kills and
 * the incident marked, so that a person sees the climb rather than reads numbers.
 */
export async function memoryChart(
  h: NodeHealth,
  m: NodeMetrics,
  incident: IncidentMoment,
): Promise<Attachment> {
  const series = [{ name: `${h.name} memory used`, points: memoryUsed(m) }];
  if (m.memoryTotal.length > 0) series.push({ name: 'memory total', points: m.memoryTotal });
  const { png } = await renderLineChartPng({
    title: `Memory of ${h.name} before ${incident.what === 'now' ? 'now' : incident.label} (Prometheus)`,
    yTitle: 'memory',
    unit: 'bytes',
    series,
    markers: markers(h, incident),
  });
  return pngAttachment(`memory-${h.name}.png`, png);
}
