import type { KubeObject } from '@triage/core';

/** Small objects in `kubectl get -o json` shape for unit tests (fields the playbook reads). */
export function pod(
  name: string,
  ip: string,
  options: {
    labels?: Record<string, string>;
    ports?: { containerPort: number; name?: string }[];
    node?: string;
  } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'shop',
      labels: options.labels ?? { app: name.split('-')[0] ?? name },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${name.split('-')[0]}-5f6d`,
          uid: 'u',
          controller: true,
        },
      ],
    },
    spec: {
      nodeName: options.node ?? 'aks-np1-31415926-vmss000001',
      containers: [
        {
          name: name.split('-')[0],
          image: 'x:1',
          ports: (options.ports ?? []).map((p) => ({ protocol: 'TCP', ...p })),
        },
      ],
    },
    status: {
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

export function service(
  name: string,
  clusterIP: string,
  ports: { name?: string; port: number; targetPort?: number | string }[],
  selector = { app: name },
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'shop' },
    spec: {
      clusterIP,
      clusterIPs: [clusterIP],
      selector,
      ports: ports.map((p) => ({ protocol: 'TCP', ...p })),
    },
  };
}

export function endpointSlice(
  serviceName: string,
  endpoints: { ip: string; pod: string; ready?: boolean }[],
  ports: { name: string; port: number }[],
): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${serviceName}-abcde`,
      namespace: 'shop',
      labels: { 'kubernetes.io/service-name': serviceName },
    },
    addressType: 'IPv4',
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true },
      targetRef: { kind: 'Pod', name: e.pod, namespace: 'shop' },
    })),
    ports: ports.map((p) => ({ protocol: 'TCP', ...p })),
  };
}

export function node(name: string, ip: string, os = 'linux', ready = true): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/os': os } },
    status: {
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'Unknown' }],
    },
  };
}
