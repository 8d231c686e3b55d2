import type { KubeObject } from '@triage/core';

/** Typed reads of the few fields this playbook needs; wrong types read as absent. */

export interface ContainerPortView {
  container: string;
  containerPort: number;
  name: string;
  protocol: string;
}

export interface ServicePortView {
  index: number;
  name: string;
  port: number;
  /** As written: a number, a port name, or undefined (= port). */
  targetPort: number | string | undefined;
  protocol: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const refOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export function podIps(pod: KubeObject): string[] {
  const status = obj(pod.status);
  const ips = arr(status.podIPs).map((p) => str(obj(p).ip));
  return [...new Set([str(status.podIP), ...ips].filter(Boolean))];
}

export const podNode = (pod: KubeObject): string => str(obj(pod.spec).nodeName);
export const podPhase = (pod: KubeObject): string => str(obj(pod.status).phase);

export function isPodReady(pod: KubeObject): boolean {
  return arr(obj(pod.status).conditions).some(
    (c) => str(obj(c).type) === 'Ready' && str(obj(c).status) === 'True',
  );
}

export function isNodeReady(node: KubeObject): boolean {
  return arr(obj(node.status).conditions).some(
    (c) => str(obj(c).type) === 'Ready' && str(obj(c).status) === 'True',
  );
}

export function containerPorts(pod: KubeObject): ContainerPortView[] {
  return arr(obj(pod.spec).containers).flatMap((c) =>
    arr(obj(c).ports).flatMap((p) => {
      const port = obj(p);
      return typeof port.containerPort === 'number'
        ? [
            {
              container: str(obj(c).name),
              containerPort: port.containerPort,
              name: str(port.name),
              protocol: str(port.protocol) || 'TCP',
            },
          ]
        : [];
    }),
  );
}

export function servicePorts(service: KubeObject): ServicePortView[] {
  return arr(obj(service.spec).ports).map((p, index) => {
    const port = obj(p);
    const target = port.targetPort;
    return {
      index,
      name: str(port.name),
      port: typeof port.port === 'number' ? port.port : 0,
      targetPort: typeof target === 'number' || typeof target === 'string' ? target : undefined,
      protocol: str(port.protocol) || 'TCP',
    };
  });
}

export function serviceSelector(service: KubeObject): Record<string, string> | undefined {
  const selector = obj(service.spec).selector;
  if (!selector || typeof selector !== 'object') return undefined;
  const entries = Object.entries(selector as Json).filter(([, v]) => typeof v === 'string');
  return entries.length ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
}

export function clusterIps(service: KubeObject): string[] {
  const spec = obj(service.spec);
  const ips = [str(spec.clusterIP), ...arr(spec.clusterIPs).map(str)];
  return [...new Set(ips.filter((ip) => ip && ip !== 'None'))];
}

export function nodeAddresses(node: KubeObject): string[] {
  return arr(obj(node.status).addresses)
    .map((a) => obj(a))
    .filter((a) => str(a.type) === 'InternalIP' || str(a.type) === 'ExternalIP')
    .map((a) => str(a.address))
    .filter(Boolean);
}

export const nodeOs = (node: KubeObject | undefined): string =>
  node?.metadata.labels?.['kubernetes.io/os'] ?? 'linux';

/** An EndpointSlice endpoint: its addresses, readiness and target pod. */
export interface SliceEndpoint {
  addresses: string[];
  ready: boolean;
  pod: string | undefined;
}

export function sliceService(slice: KubeObject): string {
  return slice.metadata.labels?.['kubernetes.io/service-name'] ?? '';
}

export function sliceEndpoints(slice: KubeObject): SliceEndpoint[] {
  return arr(slice.endpoints).map((e) => {
    const endpoint = obj(e);
    const ref = obj(endpoint.targetRef);
    const ready = obj(endpoint.conditions).ready;
    return {
      addresses: arr(endpoint.addresses).map(str).filter(Boolean),
      // "ready: nil" means ready (discovery/v1 semantics).
      ready: ready !== false,
      pod:
        str(ref.kind) === 'Pod'
          ? `${str(ref.namespace) || slice.metadata.namespace}/${str(ref.name)}`
          : undefined,
    };
  });
}

export function slicePorts(slice: KubeObject): { name: string; port: number }[] {
  return arr(slice.ports).map((p) => ({ name: str(obj(p).name), port: Number(obj(p).port) || 0 }));
}

export function matchesSelector(
  labels: Record<string, string> | undefined,
  selector: Record<string, string>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** The workload a pod belongs to: the Deployment behind a ReplicaSet (hash stripped), else the owner, else the pod. */
export function workloadName(pod: KubeObject): string {
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  if (!owner) return pod.metadata.name;
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`))
    return owner.name.slice(0, -hash.length - 1);
  return owner.name;
}
