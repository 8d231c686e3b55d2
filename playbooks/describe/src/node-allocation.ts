import type { Evidence } from '@triage/core';
import { formatBytes, formatCores, parseQuantity } from '@triage/core';
import type { ContainerSpec, NodeView, PodView } from './kube-shapes.js';

function request(container: ContainerSpec, resource: string): number {
  return parseQuantity(container.resources?.requests?.[resource]) ?? 0;
}

/** A pod's effective request: the larger of its containers' sum and its largest init container. */
function podRequest(pod: PodView, resource: string): number {
  const sum = (pod.spec?.containers ?? []).reduce((total, c) => total + request(c, resource), 0);
  const init = Math.max(0, ...(pod.spec?.initContainers ?? []).map((c) => request(c, resource)));
  return Math.max(sum, init);
}

function line(
  label: string,
  used: string,
  total: number | undefined,
  share: number,
  format: (n: number) => string,
) {
  if (total === undefined || total === 0) return `${label} ${used} requested`;
  return `${label} ${used} requested of ${format(total)} allocatable (${Math.round((share / total) * 100)}%)`;
}

/** Requests of the node's running pods against its allocatable cpu, memory and pod count. */
export function allocationEvidence(node: NodeView, pods: readonly PodView[]): Evidence {
  const active = pods.filter((pod) => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed');
  const allocatable = node.status?.allocatable ?? {};
  const cpu = active.reduce((total, pod) => total + podRequest(pod, 'cpu'), 0);
  const memory = active.reduce((total, pod) => total + podRequest(pod, 'memory'), 0);
  const maxPods = parseQuantity(allocatable.pods);
  return {
    source: `Node/${node.metadata.name} .status.allocatable`,
    text: [
      line('cpu', formatCores(cpu), parseQuantity(allocatable.cpu), cpu, formatCores),
      line('memory', formatBytes(memory), parseQuantity(allocatable.memory), memory, formatBytes),
      `pods ${active.length}${maxPods ? ` of ${maxPods}` : ''}`,
    ].join('; '),
  };
}
