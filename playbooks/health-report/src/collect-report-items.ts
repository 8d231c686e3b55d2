import type { KubeObject, KubeReader } from '@triage/core';
import { nodeItems } from './node-checks.js';
import { type PodCheckOptions, podItems } from './pod-checks.js';
import { type ReportItem, reportChecks } from './report-item.js';
import {
  isWindowsExporter,
  missingExporterItems,
  type NodeFacts,
  nodeFacts,
  windowsPodItems,
} from './windows-checks.js';
import { deploymentItems, pdbItems } from './workload-checks.js';

/** What to read and how the pod checks judge. */
export interface CollectOptions extends PodCheckOptions {
  /** Only these namespaces (pods, budgets, Deployments); nodes are always read. Default: all. */
  namespaces?: readonly string[];
  signal: AbortSignal;
  progress(text: string): Promise<void>;
}

function groupByNode(pods: readonly KubeObject[]): Map<string, KubeObject[]> {
  const groups = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
    const group = groups.get(node);
    if (group) group.push(pod);
    else groups.set(node, [pod]);
  }
  return groups;
}

function byCheck(a: ReportItem, b: ReportItem): number {
  return reportChecks.indexOf(a.check) - reportChecks.indexOf(b.check) || a.key.localeCompare(b.key);
}

/**
 * Reads the cluster once and returns every item that needs attention, sorted by check and key.
 * Pods are read one namespace at a time (each a paginated list) and only their items are kept,
 * so memory stays bounded by the largest namespace, not the cluster. Budgets and Deployments are
 * read cluster-wide in one paginated list each, or per namespace when the report is scoped.
 */
export async function collectReportItems(kube: KubeReader, options: CollectOptions): Promise<ReportItem[]> {
  const items: ReportItem[] = [];
  const facts = new Map<string, NodeFacts>();
  for (const node of await kube.list('nodes')) {
    items.push(...nodeItems(node));
    facts.set(node.metadata.name, nodeFacts(node));
  }
  const scoped = options.namespaces !== undefined;
  const namespaces = options.namespaces ?? (await kube.list('namespaces')).map((n) => n.metadata.name);
  await options.progress(`Read ${facts.size} nodes; reading pods in ${namespaces.length} namespaces`);

  const nodesWithExporter = new Set<string>();
  for (const namespace of namespaces) {
    options.signal.throwIfAborted();
    const pods = await kube.list('pods', { namespace });
    for (const pod of pods) {
      items.push(...podItems(pod, options));
      const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
      if (node && isWindowsExporter(pod)) nodesWithExporter.add(node);
    }
    for (const [node, onNode] of groupByNode(pods)) {
      const nodeFact = facts.get(node);
      if (nodeFact) items.push(...windowsPodItems(nodeFact, onNode));
    }
    if (scoped) {
      for (const pdb of await kube.list('poddisruptionbudgets', { namespace })) items.push(...pdbItems(pdb));
      for (const d of await kube.list('deployments', { namespace })) items.push(...deploymentItems(d));
    }
  }
  if (!scoped) {
    for (const pdb of await kube.list('poddisruptionbudgets')) items.push(...pdbItems(pdb));
    for (const d of await kube.list('deployments')) items.push(...deploymentItems(d));
    // A scoped report may not see the exporters' namespace, so it cannot tell which nodes lack one.
    items.push(...missingExporterItems(facts.values(), nodesWithExporter));
  }
  return items.sort(byCheck);
}
