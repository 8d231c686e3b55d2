import type { KubeObject, KubeReader } from '@triage/core';
import {
  clusterIps,
  nodeAddresses,
  podIps,
  refOf,
  sliceEndpoints,
  slicePorts,
  sliceService,
} from './kube-views.js';

/** What an IP address is in this cluster. */
export type AddressOwner =
  | { kind: 'service'; service: KubeObject }
  | { kind: 'pod'; pod: KubeObject; endpointOf: EndpointMembership[] }
  | { kind: 'node'; node: KubeObject }
  | { kind: 'unknown' };

/** A pod IP listed in a Service's EndpointSlice, and on which port names/numbers. */
export interface EndpointMembership {
  service: KubeObject;
  slice: KubeObject;
  ports: { name: string; port: number }[];
  ready: boolean;
}

/** Services, EndpointSlices, nodes and the pods behind some addresses, looked up once per run. */
export interface AddressIndex {
  resolve(ip: string): AddressOwner;
  services: readonly KubeObject[];
  slices: readonly KubeObject[];
}

const LIST_MAX = 5000;

/**
 * Reads what maps addresses back to objects: every Service and EndpointSlice (bounded), every node,
 * and the pods that own `ips` (field selector `status.podIP`, one request per address).
 */
export async function fetchAddressIndex(kube: KubeReader, ips: Iterable<string>): Promise<AddressIndex> {
  const [services, slices, nodes] = await Promise.all([
    kube.list('services', { max: LIST_MAX }),
    kube.list('endpointslices', { max: LIST_MAX }),
    kube.list('nodes', { max: LIST_MAX }),
  ]);
  const pods = (
    await Promise.all(
      [...new Set(ips)].map((ip) => kube.list('pods', { fieldSelector: `status.podIP=${ip}`, max: 10 })),
    )
  ).flat();
  return buildAddressIndex({ services, slices, nodes, pods });
}

/** The index over given objects (pure). */
export function buildAddressIndex(objects: {
  services: readonly KubeObject[];
  slices: readonly KubeObject[];
  nodes: readonly KubeObject[];
  pods: readonly KubeObject[];
}): AddressIndex {
  const byIp = new Map<string, AddressOwner>();
  for (const node of objects.nodes)
    for (const ip of nodeAddresses(node)) byIp.set(ip, { kind: 'node', node });
  const servicesByRef = new Map(objects.services.map((s) => [refOf(s), s]));
  for (const pod of objects.pods) {
    // A host-network pod shares its node's address: the node answers for it.
    if ((pod.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork) continue;
    const ips = podIps(pod);
    const endpointOf = objects.slices.flatMap((slice) => {
      const service = servicesByRef.get(`${slice.metadata.namespace}/${sliceService(slice)}`);
      const endpoint = sliceEndpoints(slice).find((e) => e.addresses.some((a) => ips.includes(a)));
      return service && endpoint ? [{ service, slice, ports: slicePorts(slice), ready: endpoint.ready }] : [];
    });
    for (const ip of ips) byIp.set(ip, { kind: 'pod', pod, endpointOf });
  }
  for (const service of objects.services)
    for (const ip of clusterIps(service)) byIp.set(ip, { kind: 'service', service });
  return {
    resolve: (ip) => byIp.get(ip) ?? { kind: 'unknown' },
    services: objects.services,
    slices: objects.slices,
  };
}
