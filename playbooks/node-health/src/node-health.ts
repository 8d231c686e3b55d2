import type { WindowsCheckObjects } from '@triage/playbook-windows-logs';
import { type AksNode, assessAks } from './aks-node.js';
import type { EventView, NodeMetricsView, NodeView, PodMetricsView, PodView } from './kube-views.js';
import { assessConditions, type ConditionProblem, type Readiness } from './node-conditions.js';
import { type NodeEventSummary, summariseNodeEvents } from './node-events.js';
import { assessTaints, type TaintAssessment } from './node-taints.js';
import { assessPods, type PodsAssessment } from './pods-on-node.js';
import { assessResources, type ResourceAssessment } from './resource-usage.js';
import { assessWindows, type WindowsFacts } from './windows-node.js';

/** The objects node-health reads for one node (see fetch-node-objects.ts). */
export interface NodeObjects {
  node: NodeView;
  pods: PodView[];
  events: EventView[];
  nodeMetrics?: NodeMetricsView;
  podMetrics: PodMetricsView[];
  /** The raw objects windows-logs' Windows checks read: the node, its pods and, on Windows, what the checks add. */
  windowsObjects?: WindowsCheckObjects;
}

/** Every check's result for one node: the input of the finding builders. */
export interface NodeHealth {
  name: string;
  now: Date;
  node: NodeView;
  readiness: Readiness;
  problems: ConditionProblem[];
  taints: TaintAssessment;
  events: NodeEventSummary;
  pods: PodsAssessment;
  resources: ResourceAssessment;
  windows?: WindowsFacts;
  /** What windows-logs' `windowsChecks` runs over (see windows-findings.ts). */
  windowsObjects?: WindowsCheckObjects;
  aks?: AksNode;
  /** The alert or command that started the run, to lean the report towards what it asks about. */
  triggerName: string;
}

/** Runs every check over the node's objects. Pure: the same objects and clock give the same result. */
export function assessNode(objects: NodeObjects, now: Date, triggerName: string): NodeHealth {
  const { node, pods } = objects;
  return {
    name: node.metadata.name,
    now,
    node,
    ...assessConditions(node, now),
    taints: assessTaints(node),
    events: summariseNodeEvents(objects.events),
    pods: assessPods(pods),
    resources: assessResources(node, pods, objects.nodeMetrics, objects.podMetrics),
    windows: assessWindows(node),
    windowsObjects: objects.windowsObjects,
    aks: assessAks(node),
    triggerName,
  };
}

/** True when the node's state shows memory trouble: pressure, OOM kills or memory evictions. */
export function memoryTroubleSeen(h: NodeHealth): boolean {
  return (
    h.problems.some((p) => p.condition.type === 'MemoryPressure') ||
    h.events.oomKills > 0 ||
    h.events.reclaiming.includes('memory') ||
    h.pods.oomKilled.length > 0 ||
    h.pods.evicted.some((e) => e.resource === 'memory')
  );
}

/** True when the node's state shows disk trouble: pressure, failed image GC or disk evictions. */
export function diskTroubleSeen(h: NodeHealth): boolean {
  return (
    h.problems.some((p) => p.condition.type === 'DiskPressure') ||
    h.events.imageGcFailure !== undefined ||
    h.events.reclaiming.some((r) => r !== 'memory' && r !== 'pids') ||
    h.pods.evicted.some((e) => e.resource === 'ephemeral-storage')
  );
}

/** True when memory is part of the story: trouble seen, or a memory alert started the run. */
export function memoryImplicated(h: NodeHealth): boolean {
  return memoryTroubleSeen(h) || /memory/i.test(h.triggerName);
}
