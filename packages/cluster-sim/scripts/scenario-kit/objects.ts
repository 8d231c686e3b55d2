import { plus } from './cluster.js';
import { hexFor, suffixFor, uidFor } from './ids.js';

type KubeObject = Record<string, unknown>;
type Meta = { name: string; namespace: string; uid: string };

function meta(o: KubeObject): Meta {
  return o.metadata as Meta;
}

/** A core/v1 Namespace (Active), with the name label the API server adds. */
export function buildNamespace(
  name: string,
  created: string,
  rv: () => string,
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      creationTimestamp: created,
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
      name,
      resourceVersion: rv(),
      uid: uidFor(`ns:${name}`),
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** A ConfigMap with string data. */
export function buildConfigMap(
  input: {
    name: string;
    namespace: string;
    created: string;
    data: Record<string, string>;
    labels?: Record<string, string>;
  },
  rv: () => string,
): KubeObject {
  return {
    apiVersion: 'v1',
    data: input.data,
    kind: 'ConfigMap',
    metadata: {
      creationTimestamp: input.created,
      ...(input.labels ? { labels: input.labels } : {}),
      name: input.name,
      namespace: input.namespace,
      resourceVersion: rv(),
      uid: uidFor(`cm:${input.namespace}/${input.name}`),
    },
  };
}

/** One Service port; `targetPort` may be a number or a container port name. */
export interface ServicePort {
  name?: string;
  port: number;
  targetPort: number | string;
  protocol?: string;
}

function containerPort(pod: KubeObject, target: number | string): number | undefined {
  if (typeof target === 'number') return target;
  const containers = ((pod.spec as KubeObject).containers ?? []) as {
    ports?: { name?: string; containerPort: number }[];
  }[];
  return containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target)?.containerPort;
}

function isReady(pod: KubeObject): boolean {
  return (((pod.status as KubeObject).conditions ?? []) as KubeObject[]).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );
}

/**
 * A ClusterIP Service with the Endpoints and EndpointSlice the controllers derive from its backends
 * (ports resolved against the pods' containerPorts, unready pods listed as not ready).
 */
export function buildService(
  input: {
    name: string;
    namespace: string;
    clusterIP: string;
    ports: ServicePort[];
    selector: Record<string, string>;
    created: string;
    labels?: Record<string, string>;
    backends: KubeObject[];
    /** Zone per node name for EndpointSlice hints. */
    zoneOf?: (node: string) => string;
  },
  rv: () => string,
): KubeObject[] {
  const { name, namespace } = input;
  const svcUid = uidFor(`svc:${namespace}/${name}`);
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      creationTimestamp: input.created,
      ...(input.labels ? { labels: input.labels } : {}),
      name,
      namespace,
      resourceVersion: rv(),
      uid: svcUid,
    },
    spec: {
      clusterIP: input.clusterIP,
      clusterIPs: [input.clusterIP],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: input.ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        protocol: p.protocol ?? 'TCP',
        targetPort: p.targetPort,
      })),
      selector: input.selector,
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  };
  const live = input.backends.filter((p) => (p.status as KubeObject).podIP);
  const address = (p: KubeObject) => ({
    ip: (p.status as KubeObject).podIP,
    nodeName: (p.spec as KubeObject).nodeName,
    targetRef: { kind: 'Pod', name: meta(p).name, namespace, uid: meta(p).uid },
  });
  const epPorts = input.ports.map((p) => ({
    ...(p.name ? { name: p.name } : {}),
    port:
      (live[0] && containerPort(live[0], p.targetPort)) ??
      (typeof p.targetPort === 'number' ? p.targetPort : p.port),
    protocol: p.protocol ?? 'TCP',
  }));
  const ready = live.filter(isReady);
  const notReady = live.filter((p) => !isReady(p));
  const changed = plus(input.created, 60);
  const endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': changed },
      creationTimestamp: input.created,
      ...(input.labels ? { labels: input.labels } : {}),
      name,
      namespace,
      resourceVersion: rv(),
      uid: uidFor(`ep:${namespace}/${name}`),
    },
    ...(live.length
      ? {
          subsets: [
            {
              ...(ready.length ? { addresses: ready.map(address) } : {}),
              ...(notReady.length ? { notReadyAddresses: notReady.map(address) } : {}),
              ports: epPorts,
            },
          ],
        }
      : {}),
  };
  const slice = {
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    endpoints: live.map((p) => {
      const node = (p.spec as KubeObject).nodeName as string;
      return {
        addresses: [(p.status as KubeObject).podIP],
        conditions: { ready: isReady(p), serving: isReady(p), terminating: false },
        nodeName: node,
        targetRef: { kind: 'Pod', name: meta(p).name, namespace, uid: meta(p).uid },
        ...(input.zoneOf ? { zone: input.zoneOf(node) } : {}),
      };
    }),
    kind: 'EndpointSlice',
    metadata: {
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': changed },
      creationTimestamp: input.created,
      generateName: `${name}-`,
      generation: 3,
      labels: {
        ...input.labels,
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        'kubernetes.io/service-name': name,
      },
      name: `${name}-${suffixFor(`slice:${namespace}/${name}`, 5)}`,
      namespace,
      ownerReferences: [
        { apiVersion: 'v1', blockOwnerDeletion: true, controller: true, kind: 'Service', name, uid: svcUid },
      ],
      resourceVersion: rv(),
      uid: uidFor(`slice:${namespace}/${name}`),
    },
    ports: epPorts,
  };
  return [service, endpoints, slice];
}

/**
 * A policy/v1 PodDisruptionBudget with the status the disruption controller computes from the matching pods
 * (`minAvailable` or `maxUnavailable`, integers only here).
 */
export function buildPdb(
  input: {
    name: string;
    namespace: string;
    created: string;
    selector: Record<string, string>;
    minAvailable?: number;
    maxUnavailable?: number;
    /** The pods the selector matches. */
    pods: KubeObject[];
    /** The controller's replica count (expectedPods). */
    expected: number;
  },
  rv: () => string,
): KubeObject {
  const healthy = input.pods.filter(isReady).length;
  const desired = input.minAvailable ?? Math.max(0, input.expected - (input.maxUnavailable ?? 0));
  const allowed = Math.max(0, healthy - desired);
  const since = plus(input.created, 5);
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      creationTimestamp: input.created,
      generation: 1,
      name: input.name,
      namespace: input.namespace,
      resourceVersion: rv(),
      uid: uidFor(`pdb:${input.namespace}/${input.name}`),
    },
    spec: {
      ...(input.maxUnavailable !== undefined ? { maxUnavailable: input.maxUnavailable } : {}),
      ...(input.minAvailable !== undefined ? { minAvailable: input.minAvailable } : {}),
      selector: { matchLabels: input.selector },
    },
    status: {
      conditions: [
        allowed > 0
          ? {
              lastTransitionTime: since,
              message: '',
              observedGeneration: 1,
              reason: 'SufficientPods',
              status: 'True',
              type: 'DisruptionAllowed',
            }
          : {
              lastTransitionTime: since,
              message: '',
              observedGeneration: 1,
              reason: 'InsufficientPods',
              status: 'False',
              type: 'DisruptionAllowed',
            },
      ],
      currentHealthy: healthy,
      desiredHealthy: desired,
      disruptionsAllowed: allowed,
      expectedPods: input.expected,
      observedGeneration: 1,
    },
  };
}

/** A node.k8s.io/v1 RuntimeClass pinning pods to a Windows build (handler, nodeSelector, toleration). */
export function buildWindowsRuntimeClass(
  name: string,
  build: string,
  created: string,
  rv: () => string,
): KubeObject {
  return {
    apiVersion: 'node.k8s.io/v1',
    handler: 'runhcs-wcow-process',
    kind: 'RuntimeClass',
    metadata: { creationTimestamp: created, name, resourceVersion: rv(), uid: uidFor(`rc:${name}`) },
    scheduling: {
      nodeSelector: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'windows',
        'node.kubernetes.io/windows-build': build,
      },
      tolerations: [{ effect: 'NoSchedule', key: 'os', operator: 'Equal', value: 'windows' }],
    },
  };
}

/** What an event is about, as `involvedObject` prints it. */
export interface Involved {
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** The involvedObject of an event about a built object (kind, name, namespace, uid, apiVersion). */
export function involve(o: KubeObject, fieldPath?: string): Involved {
  const m = meta(o);
  return {
    apiVersion: o.apiVersion as string,
    kind: o.kind as string,
    name: m.name,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    uid: m.uid,
    ...(fieldPath ? { fieldPath } : {}),
  };
}

/** The involvedObject the kubelet uses for its node events: the node name stands in for the uid. */
export function involveNodeAsKubelet(node: string): Involved {
  return { kind: 'Node', name: node, uid: node };
}

/** A core/v1 Event; `count` > 1 spans first..last. Event name = object name + hex nanoseconds, as clients generate it. */
export function buildEvent(
  input: {
    involved: Involved;
    reason: string;
    message: string;
    type?: 'Normal' | 'Warning';
    component: string;
    host?: string;
    first: string;
    last?: string;
    count?: number;
    /** reportingComponent when it differs from the source component (kubelet, node-controller, default-scheduler…). */
    reportingComponent?: string;
  },
  rv: () => string,
): KubeObject {
  const namespace = input.involved.namespace ?? 'default';
  const last = input.last ?? input.first;
  const nanos =
    BigInt(Date.parse(input.first)) * 1_000_000n +
    BigInt(
      Number.parseInt(
        hexFor(`ev:${input.involved.name}:${input.reason}:${input.first}:${input.message}`, 5),
        16,
      ),
    );
  const name = `${input.involved.name}.${nanos.toString(16)}`;
  return {
    apiVersion: 'v1',
    count: input.count ?? 1,
    eventTime: null,
    firstTimestamp: input.first,
    involvedObject: input.involved,
    kind: 'Event',
    lastTimestamp: last,
    message: input.message,
    metadata: {
      creationTimestamp: input.first,
      name,
      namespace,
      resourceVersion: rv(),
      uid: uidFor(`event:${namespace}/${name}`),
    },
    reason: input.reason,
    reportingComponent: input.reportingComponent ?? input.component,
    reportingInstance: input.host ?? '',
    source: { component: input.component, ...(input.host ? { host: input.host } : {}) },
    type: input.type ?? 'Normal',
  };
}
