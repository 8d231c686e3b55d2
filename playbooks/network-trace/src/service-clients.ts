import type { KubeObject } from '@triage/core';
import type { AddressIndex } from './address-index.js';
import {
  clusterIps,
  isNodeReady,
  nodeOs,
  podNode,
  servicePorts,
  sliceEndpoints,
  slicePorts,
  workloadName,
} from './kube-views.js';
import type { ServiceObjects } from './static-checks.js';
import type { TcpSummary } from './tcp-aggregate.js';

/** Nodes traced at most when looking for a Service's clients (one ig pod per node). */
export const MAX_CLIENT_TRACE_NODES = 5;

/**
 * Where to look for a Service's clients, which could be anywhere: Ready Linux nodes, those running
 * the most pods of the Service's namespace first (clients are most often neighbours), then the
 * others by name; at most `max`. `skipped` counts eligible nodes left out.
 */
export function pickClientNodes(
  nodes: readonly KubeObject[],
  namespacePods: readonly KubeObject[],
  max = MAX_CLIENT_TRACE_NODES,
): { nodes: string[]; skipped: number } {
  const podsOn = new Map<string, number>();
  for (const pod of namespacePods) podsOn.set(podNode(pod), (podsOn.get(podNode(pod)) ?? 0) + 1);
  const eligible = nodes
    .filter((n) => isNodeReady(n) && nodeOs(n) !== 'windows')
    .map((n) => n.metadata.name)
    .sort((a, b) => (podsOn.get(b) ?? 0) - (podsOn.get(a) ?? 0) || a.localeCompare(b));
  return { nodes: eligible.slice(0, max), skipped: Math.max(0, eligible.length - max) };
}

/**
 * Whether a connect goes to the Service: one of its ClusterIPs on a Service port, or one of its
 * endpoints on an EndpointSlice port (what kube-proxy rewrites the ClusterIP to, as traced after NAT).
 */
export function toService({ service, slices }: ServiceObjects): (addr: string, port: number) => boolean {
  const targets = new Set<string>();
  const ports = servicePorts(service).map((p) => p.port);
  for (const ip of clusterIps(service)) for (const port of ports) targets.add(`${ip}|${port}`);
  for (const slice of slices)
    for (const endpoint of sliceEndpoints(slice))
      for (const ip of endpoint.addresses)
        for (const { port } of slicePorts(slice)) targets.add(`${ip}|${port}`);
  return (addr, port) => targets.has(`${addr}|${port}`);
}

/**
 * Whether a DNS query name (FQDN with the trailing dot) asks for the Service: `<svc>.`,
 * `<svc>.<ns>.`, or `<svc>.<ns>.svc.<cluster domain>.` (bare names reach the wire completed by the
 * client's search path, so `<svc>.` alone only shows with ndots:0 or a custom resolver).
 */
export function asksForService(service: KubeObject): (name: string) => boolean {
  const svc = service.metadata.name.toLowerCase();
  const ns = (service.metadata.namespace ?? 'default').toLowerCase();
  return (name) => {
    const n = name.toLowerCase();
    return n === `${svc}.` || n === `${svc}.${ns}.` || n.startsWith(`${svc}.${ns}.svc.`);
  };
}

/**
 * The workloads behind the client addresses of the failed connects (else of all connects), for
 * titles: `storefront`, `storefront, checkout and 2 more`; `fallback` when no client is known.
 */
export function clientWorkloads(summary: TcpSummary, index: AddressIndex, fallback: string): string {
  const groups = summary.failures.length ? summary.failures : summary.successes;
  const names = new Set<string>();
  for (const group of groups)
    for (const addr of group.clients.keys()) {
      const owner = index.resolve(addr);
      names.add(
        owner.kind === 'pod'
          ? workloadName(owner.pod)
          : owner.kind === 'node'
            ? `node ${owner.node.metadata.name}`
            : addr,
      );
    }
  const sorted = [...names].sort();
  if (sorted.length === 0) return fallback;
  if (sorted.length <= 3) return sorted.join(', ');
  return `${sorted.slice(0, 2).join(', ')} and ${sorted.length - 2} more`;
}
