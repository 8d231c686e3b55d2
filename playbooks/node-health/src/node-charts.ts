import { type ChartMarker, pngAttachment, renderLineChartPng } from '@triage/charts';
import type { Attachment } from '@triage/core';
import type { IncidentMoment } from './incident-moment.js';
import { memoryUsed } from './metric-figures.js';
import type { TimelineEntry } from './node-events.js';
import type { NodeHealth } from './node-health.js';
import type { NodeMetrics } from './node-metrics.js';

/** The first and last of a repeated event (`first OOM kill`, `last OOM kill (×6)`). */
function eventMarkers(entry: TimelineEntry | undefined, what: string): ChartMarker[] {
  if (!entry) return [];
  const first = entry.first ?? entry.last;
  const out: ChartMarker[] = [];
  if (first) out.push({ at: new Date(first), label: entry.count > 1 ? `first ${what}` : what });
  if (entry.last && entry.count > 1 && entry.last !== first)
    out.push({ at: new Date(entry.last), label: `last ${what} (×${entry.count})` });
  return out;
}

function markers(h: NodeHealth, incident: IncidentMoment, events: ChartMarker[]): ChartMarker[] {
  const all = incident.label === 'now' ? events : [...events, { at: incident.at, label: incident.label }];
  return all.filter((m) => !Number.isNaN(m.at.getTime()) && m.at.getTime() <= h.now.getTime());
}

const findEvent = (h: NodeHealth, ...reasons: string[]) =>
  reasons.map((r) => h.events.timeline.find((e) => e.reason === r)).find((e) => e !== undefined);

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
    title: `Memory of ${h.name} before ${incident.label} (Prometheus)`,
    yTitle: 'memory',
    unit: 'bytes',
    series,
    markers: markers(h, incident, eventMarkers(findEvent(h, 'OOMKilling', 'SystemOOM'), 'OOM kill')),
  });
  return pngAttachment(`memory-${h.name}.png`, png);
}

/** The node's root filesystem (C: on Windows) as a PNG: the share used, with failed image GC and the incident marked. */
export async function diskChart(
  h: NodeHealth,
  m: NodeMetrics,
  incident: IncidentMoment,
): Promise<Attachment> {
  const volume = m.target.os === 'windows' ? 'C:' : 'root filesystem';
  const { png } = await renderLineChartPng({
    title: `Disk of ${h.name} before ${incident.label} (Prometheus)`,
    yTitle: `${volume} used`,
    unit: 'ratio',
    series: [
      { name: `${h.name} ${volume} used`, points: m.diskFree.map(([t, free]) => [t, 1 - free] as const) },
    ],
    markers: markers(
      h,
      incident,
      eventMarkers(findEvent(h, 'ImageGCFailed', 'FreeDiskSpaceFailed'), 'image GC failure'),
    ),
  });
  return pngAttachment(`disk-${h.name}.png`, png);
}
