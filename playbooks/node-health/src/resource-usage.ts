import { parseQuantity } from '@triage/core';
import {
  type NodeMetricsView,
  type NodeView,
  type PodMetricsView,
  type PodView,
  podKey,
} from './kube-views.js';

/** CPU in cores and memory in bytes. */
export interface CpuMemory {
  cpu: number;
  memory: number;
}

/** One pod's footprint on the node: what it uses (when metrics exist), requests and limits. */
export interface PodFootprint {
  pod: string;
  usage?: CpuMemory;
  requests: CpuMemory;
  /** Sum of container limits; a container without a limit counts as unbounded (Infinity). */
  limits: CpuMemory;
}

/** The node's resources against what its pods ask for, may use, and do use. */
export interface ResourceAssessment {
  allocatable: CpuMemory;
  requests: CpuMemory;
  limits: CpuMemory;
  /** From metrics.k8s.io; undefined when the metrics API has no figures for the node. */
  usage?: CpuMemory;
  pods: PodFootprint[];
}

const zero = (): CpuMemory => ({ cpu: 0, memory: 0 });

function add(a: CpuMemory, b: CpuMemory): CpuMemory {
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory };
}

function usageOf(usage: { cpu?: string; memory?: string }): CpuMemory {
  return { cpu: parseQuantity(usage.cpu) ?? 0, memory: parseQuantity(usage.memory) ?? 0 };
}

// Terminated pods hold no resources; kubectl describe node leaves them out the same way.
function isActive(pod: PodView): boolean {
  return pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed';
}

function footprint(pod: PodView, metrics: PodMetricsView | undefined): PodFootprint {
  let requests = zero();
  let limits = zero();
  for (const { resources } of pod.spec.containers) {
    requests = add(requests, usageOf(resources.requests));
    limits = add(limits, {
      cpu: parseQuantity(resources.limits.cpu) ?? Number.POSITIVE_INFINITY,
      memory: parseQuantity(resources.limits.memory) ?? Number.POSITIVE_INFINITY,
    });
  }
  const usage = metrics?.containers.map((c) => usageOf(c.usage)).reduce(add, zero());
  return { pod: podKey(pod), usage, requests, limits };
}

/**
 * Sums requests and limits of the node's active pods against allocatable, and joins the pods'
 * metrics when there are any, so callers can name the heaviest pods and spot over-commit.
 */
export function assessResources(
  node: NodeView,
  pods: readonly PodView[],
  nodeMetrics: NodeMetricsView | undefined,
  podMetrics: readonly PodMetricsView[],
): ResourceAssessment {
  const metricsByPod = new Map(podMetrics.map((m) => [`${m.metadata.namespace}/${m.metadata.name}`, m]));
  const footprints = pods.filter(isActive).map((pod) => footprint(pod, metricsByPod.get(podKey(pod))));
  return {
    allocatable: usageOf(node.status.allocatable),
    requests: footprints.map((f) => f.requests).reduce(add, zero()),
    limits: footprints.map((f) => f.limits).reduce(add, zero()),
    usage: nodeMetrics ? usageOf(nodeMetrics.usage) : undefined,
    pods: footprints,
  };
}

/** The `count` pods using the most of `resource` (by metrics; pods without metrics are left out). */
export function heaviestPods(
  assessment: ResourceAssessment,
  resource: keyof CpuMemory,
  count: number,
): PodFootprint[] {
  return assessment.pods
    .filter((p) => p.usage !== undefined)
    .sort((a, b) => (b.usage?.[resource] ?? 0) - (a.usage?.[resource] ?? 0))
    .slice(0, count);
}
