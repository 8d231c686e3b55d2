import type { Signal, Subject, Trigger } from '@triage/core';
import { isObjectName } from '@triage/kube';

/**
 * Alert names that start node-health. Names differ between installs; anything else reaches it
 * through the runner's `routes` config (alertnames → playbooks), which takes precedence.
 */
export const NODE_ALERT_NAMES = {
  /** kube-prometheus / kubernetes-mixin (kube-state-metrics and kubelet rules). */
  kubernetes: [
    'KubeNodeNotReady',
    'KubeNodeUnreachable',
    'KubeletDown',
    'KubeNodeReadinessFlapping',
    'KubeNodePressure',
    'KubeletTooManyPods',
  ],
  /** node_exporter mixin. */
  nodeExporter: [
    'NodeFilesystemSpaceFillingUp',
    'NodeFilesystemAlmostOutOfSpace',
    'NodeFilesystemFilesFillingUp',
    'NodeMemoryHighUtilization',
    'NodeMemoryMajorPagesFaults',
    'NodeCPUHighUsage',
  ],
  /** windows_exporter rules as commonly written (awesome-prometheus-alerts naming), plus a node-named variant. */
  windowsExporter: [
    'WindowsServerMemoryUsage',
    'WindowsServerDiskSpaceUsage',
    'WindowsServerCpuUsage',
    'WindowsNodeMemoryHigh',
    'WindowsDiskSpaceLow',
  ],
  /** AKS / Container Insights recommended alerts (Azure Monitor metric and log rules; the rule name is the signal name). */
  azureMonitor: [
    'Nodes in not ready status',
    'Node NotReady status',
    'Node not ready',
    'Average Working set memory %',
    'Average Disk Usage %',
    'Average CPU %',
    'Node working set memory %',
    'Node disk usage %',
    'Node CPU usage %',
  ],
} as const;

/** Params for a node subject (`{ node }`); undefined for anything else, or a name no node can have. */
export function nodeParams(_signal: Signal, subject: Subject): Record<string, unknown> | undefined {
  return subject.kind === 'node' && isObjectName(subject.name) ? { node: subject.name } : undefined;
}

/** The triggers of node-health: one per alert family, all mapping a node subject to `{ node }`. */
export const nodeHealthTriggers: readonly Trigger[] = Object.values(NODE_ALERT_NAMES).map((names) => ({
  names,
  params: nodeParams,
}));
