import type { KubeReader, Logger } from '@triage/core';
import { NODE_METRICS, POD_METRICS } from '@triage/kube';
import { NodeHealthError, nodeHealthErrorCodes } from './errors.js';
import { fetchWindowsObjects } from './fetch-windows-objects.js';
import {
  eventSchema,
  nodeMetricsSchema,
  nodeSchema,
  type PodMetricsView,
  type PodView,
  parseEach,
  podMetricsSchema,
  podSchema,
} from './kube-views.js';
import type { NodeObjects } from './node-health.js';
import { optionalRead } from './optional-read.js';

/** Bounds on what one run reads: a node holds at most 110 pods by default (250 on AKS). */
export const LIMITS = { pods: 500, events: 300, podMetricsPerNamespace: 1000, metricNamespaces: 8 } as const;

/**
 * Metrics of the node's running pods. metrics-server has no spec.nodeName field selector, so they
 * are read per namespace of those pods (the busiest namespaces first, a bounded number of them) and
 * joined by name. Empty when the metrics API is missing.
 */
export async function fetchPodMetrics(
  kube: KubeReader,
  pods: readonly PodView[],
  log: Logger,
): Promise<PodMetricsView[]> {
  const running = pods.filter((p) => p.status.phase === 'Running');
  const perNamespace = new Map<string, number>();
  for (const pod of running)
    perNamespace.set(pod.metadata.namespace, (perNamespace.get(pod.metadata.namespace) ?? 0) + 1);
  const namespaces = [...perNamespace.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, LIMITS.metricNamespaces)
    .map(([ns]) => ns);
  const wanted = new Set(running.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
  const lists = await Promise.all(
    namespaces.map((namespace) =>
      optionalRead(
        () => kube.list(POD_METRICS, { namespace, max: LIMITS.podMetricsPerNamespace }),
        log,
        `pod metrics in ${namespace}`,
      ),
    ),
  );
  return parseEach(
    podMetricsSchema,
    lists.flatMap((l) => l ?? []),
  ).filter((m) => wanted.has(`${m.metadata.namespace}/${m.metadata.name}`));
}

/**
 * Reads what node-health needs about one node: the node, its pods (field selector spec.nodeName),
 * its events (involvedObject) and its metrics — as many requests as `kubectl describe node` makes —
 * and, on a Windows node, what the Windows checks add (see fetchWindowsObjects). Pod metrics are
 * left empty (see fetchPodMetrics).
 * Undefined when the node does not exist.
 */
export async function fetchNodeObjects(
  kube: KubeReader,
  name: string,
  log: Logger,
  signal: AbortSignal,
): Promise<NodeObjects | undefined> {
  const raw = await kube.get('nodes', name);
  if (!raw) return undefined;
  const parsed = nodeSchema.safeParse(raw);
  if (!parsed.success)
    throw new NodeHealthError(
      nodeHealthErrorCodes.malformedNode,
      `node ${name}: unexpected Node object (${parsed.error.issues[0]?.message ?? 'invalid'})`,
    );
  const node = parsed.data;
  signal.throwIfAborted();
  const podsOnNode = kube.list('pods', { fieldSelector: `spec.nodeName=${name}`, max: LIMITS.pods });
  const [rawPods, rawEvents, rawNodeMetrics, windowsObjects] = await Promise.all([
    podsOnNode,
    kube.list('events', {
      fieldSelector: `involvedObject.kind=Node,involvedObject.name=${name}`,
      max: LIMITS.events,
    }),
    optionalRead(() => kube.get(NODE_METRICS, name), log, 'node metrics'),
    fetchWindowsObjects(kube, { node: raw, pods: podsOnNode }, node, log),
  ]);
  signal.throwIfAborted();
  const pods = parseEach(podSchema, rawPods);
  const nodeMetrics = rawNodeMetrics ? nodeMetricsSchema.safeParse(rawNodeMetrics).data : undefined;
  return {
    node,
    pods,
    events: parseEach(eventSchema, rawEvents),
    nodeMetrics,
    podMetrics: [],
    windowsObjects,
  };
}
