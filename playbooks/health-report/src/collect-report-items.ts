import type { KubeReader } from '@triage/core';
import type { MetricsTarget } from '@triage/playbook-node-health';
import { nodeItems } from './node-checks.js';
import { type PodCheckOptions, podItems } from './pod-checks.js';
import { metricsTargetOf } from './metric-checks.js';
import { compareItems, type ReportItem } from './report-item.js';
import { createWindowsCollector } from './windows-checks.js';
import { deploymentItems, pdbItems } from './workload-checks.js';

/** What to read and how the pod checks judge. */
export interface CollectOptions extends PodCheckOptions {
  /** Only these namespaces (pods, budgets, Deployments); nodes are always read. Default: all. */
  namespaces?: readonly string[];
  signal: AbortSignal;
  progress(text: string): Promise<void>;
}

/** What one walk of the cluster yields. */
export interface CollectedReport {
  /** Every item that needs attention, sorted by check and key. */
  items: ReportItem[];
  /** Where each node's exporter metrics are, for the Prometheus checks. */
  targets: MetricsTarget[];
}

/**
 * Reads the cluster once and returns every item that needs attention, sorted by check and key, and
 * each node's metrics target.
 * Pods are read one namespace at a time (each a paginated list) and only their items are kept,
 * so memory stays bounded by the largest namespace, not the cluster. Budgets and Deployments are
 * read cluster-wide in one paginated list each, or per namespace when the report is scoped.
 */
export async function collectReportItems(
  kube: KubeReader,
  options: CollectOptions,
): Promise<CollectedReport> {
  const items: ReportItem[] = [];
  const targets: MetricsTarget[] = [];
  const windows = createWindowsCollector();
  const nodes = await kube.list('nodes');
  for (const node of nodes) {
    items.push(...nodeItems(node));
    windows.addNode(node);
    targets.push(metricsTargetOf(node));
  }
  const scoped = options.namespaces !== undefined;
  const namespaces = options.namespaces ?? (await kube.list('namespaces')).map((n) => n.metadata.name);
  await options.progress(`Read ${nodes.length} nodes; reading pods in ${namespaces.length} namespaces`);
  nodes.length = 0; // only the items and the Windows collector's slim copies are kept from here

  for (const namespace of namespaces) {
    options.signal.throwIfAborted();
    for (const pod of await kube.list('pods', { namespace })) {
      items.push(...podItems(pod, options));
      windows.addPod(pod);
    }
    if (scoped) {
      for (const pdb of await kube.list('poddisruptionbudgets', { namespace })) items.push(...pdbItems(pdb));
      for (const d of await kube.list('deployments', { namespace })) items.push(...deploymentItems(d));
    }
  }
  if (!scoped) {
    for (const pdb of await kube.list('poddisruptionbudgets')) items.push(...pdbItems(pdb));
    for (const d of await kube.list('deployments')) items.push(...deploymentItems(d));
  }
  // A scoped report may not see the exporters' namespace, so it cannot tell which nodes lack one.
  items.push(...windows.items(!scoped));
  return { items: items.sort(compareItems), targets };
}
