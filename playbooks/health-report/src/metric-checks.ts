import type { KubeObject, MetricSeries, Metrics } from '@triage/core';
import { type MetricsTarget, seriesNodeMatcher } from '@triage/playbook-node-health';
import { DISK_FILL_HOURS, diskFillingQuery, diskFullQuery, memoryQuery } from './metric-queries.js';
import { arrayOf } from './object-fields.js';
import { type ReportItem, reportItem } from './report-item.js';

/** True for the key of an item the Prometheus checks make (`node-memory`, `node-disk`). */
export function isMetricItemKey(key: string): boolean {
  return key.startsWith('node-memory:') || key.startsWith('node-disk:');
}

/** Where a node's exporter series are: its name, InternalIP and OS (node_exporter or windows_exporter). */
export function metricsTargetOf(node: KubeObject): MetricsTarget {
  const status = (node.status ?? {}) as { addresses?: unknown; nodeInfo?: { operatingSystem?: unknown } };
  const address = arrayOf<{ type?: unknown; address?: unknown }>(status.addresses).find(
    (a) => a?.type === 'InternalIP' && typeof a.address === 'string',
  )?.address as string | undefined;
  const windows =
    node.metadata.labels?.['kubernetes.io/os'] === 'windows' ||
    status.nodeInfo?.operatingSystem === 'windows';
  return { node: node.metadata.name, os: windows ? 'windows' : 'linux', ...(address ? { address } : {}) };
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** Each answer's series with the node it belongs to (series of no node of the cluster are left out). */
function byNode(series: MetricSeries[], nodeOf: (labels: Record<string, string>) => string | undefined) {
  return series.flatMap((s) => {
    const node = nodeOf(s.labels);
    const value = s.points[0]?.[1];
    return node !== undefined && value !== undefined && Number.isFinite(value)
      ? [{ node, value, labels: s.labels }]
      : [];
  });
}

/**
 * Asks Prometheus three cluster-wide questions at `at`, whatever the cluster's size: which nodes used
 * over 90 % of their memory for the whole last hour, which filesystems are over 90 % full, and which
 * will fill within 24 h at the last hour's pace (predict_linear); node_exporter and windows_exporter
 * alike. Answers are matched to nodes as node-health matches them (node label, or instance as name or
 * IP with the exporter port). Throws when Prometheus fails; the caller reports that.
 */
export async function metricItems(
  metrics: Metrics,
  targets: readonly MetricsTarget[],
  at: Date,
  signal: AbortSignal,
): Promise<ReportItem[]> {
  const options = { time: at, signal };
  const [memory, full, fillingAnswer] = await Promise.all(
    [memoryQuery, diskFullQuery, diskFillingQuery].map((q) => metrics.query(q, options)),
  );
  const nodeOf = seriesNodeMatcher(targets);
  const windowsNodes = new Set(targets.filter((t) => t.os === 'windows').map((t) => t.node));
  const exporterOf = (node: string) => (windowsNodes.has(node) ? 'windows_exporter' : 'node_exporter');
  const items: ReportItem[] = [];
  for (const { node, value, labels } of byNode(memory ?? [], nodeOf))
    items.push(
      reportItem({
        check: 'node-memory',
        severity: 'warning',
        subject: `node/${node}`,
        text: `Node ${node} used over ${percent(value)} of its memory for the whole last hour`,
        evidence: {
          source: `Prometheus ${exporterOf(node)} ${labels.instance ?? node}`,
          text: `lowest memory use over 1 h: ${percent(value)}`,
        },
      }),
    );
  // A filesystem both full and filling is one item: its key does not change when the trend does.
  const fsOf = (labels: Record<string, string>) => labels.mountpoint ?? labels.volume ?? '?';
  const filling = byNode(fillingAnswer ?? [], nodeOf);
  const fillingKeys = new Set(filling.map((d) => `${d.node}|${fsOf(d.labels)}`));
  const disks = new Map(
    [...byNode(full ?? [], nodeOf), ...filling].map((d) => [`${d.node}|${fsOf(d.labels)}`, d]),
  );
  for (const [key, { node, value, labels }] of disks) {
    const fs = fsOf(labels);
    const trend = fillingKeys.has(key) ? `, full within ${DISK_FILL_HOURS} h at the last hour's pace` : '';
    items.push(
      reportItem(
        {
          check: 'node-disk',
          severity: 'warning',
          subject: `node/${node}`,
          text: `Node ${node}: ${fs} is ${percent(value)} full${trend}`,
          evidence: {
            source: `Prometheus ${exporterOf(node)} ${labels.instance ?? node} ${fs}`,
            text: `${percent(value)} used${trend}`,
          },
        },
        fs,
      ),
    );
  }
  return items;
}
