import { plus } from './cluster.js';
import { hexFor, suffixFor, uidFor } from './ids.js';
import type { NodeRef } from './nodes.js';

type KubeObject = Record<string, unknown>;
type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };

/** A container's terminated state as containerStatuses print it. */
export interface Terminated {
  exitCode: number;
  reason: string;
  startedAt: string;
  finishedAt: string;
  message?: string;
  signal?: number;
}

/** One container: its spec and, optionally, how it is doing (default: running and ready since the pod started). */
export interface ContainerInput {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { containerPort: number; name?: string; protocol?: string; hostPort?: number }[];
  env?: { name: string; value: string }[];
  resources?: Resources;
  readinessProbe?: KubeObject;
  livenessProbe?: KubeObject;
  securityContext?: KubeObject;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  /** `running` since the given time, `waiting` with a reason, or `terminated`. */
  state?:
    | { running: { startedAt: string } }
    | { waiting: { reason: string; message?: string } }
    | { terminated: Terminated };
  lastTerminated?: Terminated;
  restartCount?: number;
  ready?: boolean;
  /** The digest the node resolved, when it differs from a hash of the image name. */
  imageID?: string;
}

/** Who owns the pod (a ReplicaSet, DaemonSet, StatefulSet or Job). */
export interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

/** A pod as the scenario describes it; the builder fills in everything the API server and kubelet would. */
export interface PodInput {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: OwnerRef;
  generateName?: string;
  /** The node it is bound to; absent = Pending and unscheduled. */
  node?: NodeRef;
  /** Pod IP; defaults to the node IP for hostNetwork pods. */
  ip?: string;
  containers: ContainerInput[];
  created: string;
  /** When the containers started (default: 3 s after creation). */
  started?: string;
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  /** status.reason / status.message (e.g. `Evicted`). */
  reason?: string;
  message?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: KubeObject[];
  affinity?: KubeObject;
  priorityClassName?: string;
  hostNetwork?: boolean;
  serviceAccountName?: string;
  dnsPolicy?: string;
  runtimeClassName?: string;
  securityContext?: KubeObject;
  volumes?: KubeObject[];
  /** Extra status conditions appended after the standard ones (e.g. DisruptionTarget). */
  extraConditions?: KubeObject[];
  /** True when the pod sandbox could not be created (PodReadyToStartContainers False). */
  sandboxFailed?: boolean;
  /** When the node lifecycle controller marked the pod not ready (its node stopped reporting). */
  markedNotReadyAt?: string;
  /** Set when the pod is being deleted (e.g. taint-based eviction from an unreachable node). */
  deletionTimestamp?: string;
}

const DEFAULT_TOLERATIONS = [
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
];

function qosClass(containers: ContainerInput[]): string {
  const all = containers.map((c) => c.resources ?? {});
  if (all.every((r) => !r.requests && !r.limits)) return 'BestEffort';
  const guaranteed = all.every(
    (r) =>
      r.limits?.cpu &&
      r.limits?.memory &&
      (r.requests?.cpu ?? r.limits.cpu) === r.limits.cpu &&
      (r.requests?.memory ?? r.limits.memory) === r.limits.memory,
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function imageRef(image: string): string {
  const repo = image.split('@')[0]?.replace(/:[^:/]+$/, '') ?? image;
  return `${repo}@sha256:${hexFor(`img:${image}`, 64)}`;
}

function fullImage(image: string): string {
  const first = image.split('/')[0] ?? '';
  return first.includes('.') ? image : `docker.io/${image.includes('/') ? image : `library/${image}`}`;
}

function containerStatus(c: ContainerInput, pod: PodInput, started: string): KubeObject {
  const state =
    c.state ??
    (pod.node ? { running: { startedAt: started } } : { waiting: { reason: 'ContainerCreating' } });
  const running = 'running' in state;
  const ready = c.ready ?? (running && pod.phase !== 'Failed');
  const created = !('waiting' in state) || c.lastTerminated;
  return {
    ...(created
      ? { containerID: `containerd://${hexFor(`ctr:${pod.namespace}/${pod.name}/${c.name}`, 64)}` }
      : {}),
    image: fullImage(c.image),
    imageID: created ? (c.imageID ?? imageRef(fullImage(c.image))) : '',
    lastState: c.lastTerminated
      ? {
          terminated: {
            containerID: `containerd://${hexFor(`prev:${pod.namespace}/${pod.name}/${c.name}`, 64)}`,
            ...c.lastTerminated,
          },
        }
      : {},
    name: c.name,
    ready,
    restartCount: c.restartCount ?? 0,
    started: running,
    state,
    ...(created && pod.node?.os !== 'windows'
      ? {
          volumeMounts: [
            {
              mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
              name: tokenVolume(pod),
              readOnly: true,
              recursiveReadOnly: 'Disabled',
            },
          ],
        }
      : {}),
  };
}

function tokenVolume(pod: PodInput): string {
  return `kube-api-access-${suffixFor(`token:${pod.namespace}/${pod.name}`, 5)}`;
}

/** A container as the spec prints it; `token` adds the service-account mount that admission injects into pods. */
function containerSpec(c: ContainerInput, token?: string): KubeObject {
  return {
    ...(c.args ? { args: c.args } : {}),
    ...(c.command ? { command: c.command } : {}),
    ...(c.env ? { env: c.env } : {}),
    image: c.image,
    imagePullPolicy: c.image.endsWith(':latest') ? 'Always' : 'IfNotPresent',
    ...(c.livenessProbe ? { livenessProbe: c.livenessProbe } : {}),
    name: c.name,
    ...(c.ports
      ? {
          ports: c.ports.map((p) => ({
            containerPort: p.containerPort,
            ...(p.hostPort ? { hostPort: p.hostPort } : {}),
            ...(p.name ? { name: p.name } : {}),
            protocol: p.protocol ?? 'TCP',
          })),
        }
      : {}),
    ...(c.readinessProbe ? { readinessProbe: c.readinessProbe } : {}),
    resources: c.resources ?? {},
    ...(c.securityContext ? { securityContext: c.securityContext } : {}),
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...(token || c.volumeMounts
      ? {
          volumeMounts: [
            ...(c.volumeMounts ?? []),
            ...(token
              ? [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: token, readOnly: true }]
              : []),
          ],
        }
      : {}),
  };
}

/** The parts of a pod a controller's template carries. */
export type TemplateInput = Pick<
  PodInput,
  | 'containers'
  | 'nodeSelector'
  | 'tolerations'
  | 'affinity'
  | 'priorityClassName'
  | 'hostNetwork'
  | 'serviceAccountName'
  | 'dnsPolicy'
  | 'runtimeClassName'
  | 'securityContext'
  | 'volumes'
  | 'annotations'
> & { labels: Record<string, string> };

/** A pod template as Deployments, ReplicaSets and DaemonSets print it (no admission defaults, no status). */
export function podTemplate(t: TemplateInput): KubeObject {
  return {
    metadata: {
      ...(t.annotations ? { annotations: t.annotations } : {}),
      creationTimestamp: null,
      labels: t.labels,
    },
    spec: {
      ...(t.affinity ? { affinity: t.affinity } : {}),
      containers: t.containers.map((c) => containerSpec(c)),
      dnsPolicy: t.dnsPolicy ?? (t.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst'),
      ...(t.hostNetwork ? { hostNetwork: true } : {}),
      ...(t.nodeSelector ? { nodeSelector: t.nodeSelector } : {}),
      ...(t.priorityClassName ? { priorityClassName: t.priorityClassName } : {}),
      restartPolicy: 'Always',
      ...(t.runtimeClassName ? { runtimeClassName: t.runtimeClassName } : {}),
      schedulerName: 'default-scheduler',
      securityContext: t.securityContext ?? {},
      ...(t.serviceAccountName
        ? { serviceAccount: t.serviceAccountName, serviceAccountName: t.serviceAccountName }
        : {}),
      terminationGracePeriodSeconds: 30,
      ...(t.tolerations ? { tolerations: t.tolerations } : {}),
      ...(t.volumes ? { volumes: t.volumes } : {}),
    },
  };
}

/** A core/v1 Pod as `kubectl get pod -o yaml` prints it (spec defaults, conditions and containerStatuses included). */
export function buildPod(pod: PodInput, resourceVersion: string): KubeObject {
  const started = pod.started ?? plus(pod.created, 3);
  const statuses = pod.containers.map((c) => containerStatus(c, pod, started));
  const phase =
    pod.phase ??
    (pod.node
      ? statuses.some((s) => 'running' in (s.state as object) || (s.restartCount as number) > 0)
        ? 'Running'
        : 'Pending'
      : 'Pending');
  const allReady = statuses.every((s) => s.ready === true) && phase === 'Running' && !pod.markedNotReadyAt;
  const unready = statuses.filter((s) => s.ready !== true).map((s) => s.name);
  const notReady = {
    reason: 'ContainersNotReady',
    message: `containers with unready status: [${unready.join(' ')}]`,
  };
  const readyAt = pod.markedNotReadyAt ?? (allReady ? plus(started, 2) : plus(started, 1));
  const containersReady = statuses.every((s) => s.ready === true) && phase === 'Running';
  const cond = (type: string, status: boolean, time: string, extra: KubeObject = {}) => ({
    lastProbeTime: null,
    lastTransitionTime: time,
    ...(status ? {} : extra),
    status: status ? 'True' : 'False',
    type,
  });
  const conditions = pod.node
    ? [
        cond('PodReadyToStartContainers', !pod.sandboxFailed && phase !== 'Failed', started),
        cond('Initialized', true, pod.created),
        cond(
          'Ready',
          allReady,
          readyAt,
          phase === 'Failed' ? { reason: 'PodFailed' } : pod.markedNotReadyAt ? {} : notReady,
        ),
        cond(
          'ContainersReady',
          containersReady,
          containersReady ? plus(started, 2) : readyAt,
          phase === 'Failed' ? { reason: 'PodFailed' } : notReady,
        ),
        cond('PodScheduled', true, pod.created),
        ...(pod.extraConditions ?? []),
      ]
    : [cond('PodScheduled', false, pod.created, { message: pod.message ?? '', reason: 'Unschedulable' })];
  // A pod whose sandbox never came up has no network namespace, hence no IP.
  const ip = pod.hostNetwork ? pod.node?.ip : pod.sandboxFailed ? undefined : pod.ip;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(pod.annotations ? { annotations: pod.annotations } : {}),
      creationTimestamp: pod.created,
      ...(pod.deletionTimestamp
        ? { deletionGracePeriodSeconds: 30, deletionTimestamp: pod.deletionTimestamp }
        : {}),
      ...(pod.generateName ? { generateName: pod.generateName } : {}),
      ...(pod.labels ? { labels: pod.labels } : {}),
      name: pod.name,
      namespace: pod.namespace,
      ...(pod.owner
        ? { ownerReferences: [{ ...pod.owner, blockOwnerDeletion: true, controller: true }] }
        : {}),
      resourceVersion,
      uid: uidFor(`pod:${pod.namespace}/${pod.name}`),
    },
    spec: {
      ...(pod.affinity ? { affinity: pod.affinity } : {}),
      containers: pod.containers.map((c) => containerSpec(c, tokenVolume(pod))),
      dnsPolicy: pod.dnsPolicy ?? (pod.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst'),
      enableServiceLinks: true,
      ...(pod.hostNetwork ? { hostNetwork: true } : {}),
      ...(pod.node ? { nodeName: pod.node.name } : {}),
      ...(pod.nodeSelector ? { nodeSelector: pod.nodeSelector } : {}),
      preemptionPolicy: 'PreemptLowerPriority',
      priority:
        pod.priorityClassName === 'system-node-critical'
          ? 2000001000
          : pod.priorityClassName === 'system-cluster-critical'
            ? 2000000000
            : 0,
      ...(pod.priorityClassName ? { priorityClassName: pod.priorityClassName } : {}),
      restartPolicy: 'Always',
      ...(pod.runtimeClassName ? { runtimeClassName: pod.runtimeClassName } : {}),
      schedulerName: 'default-scheduler',
      securityContext: pod.securityContext ?? {},
      serviceAccount: pod.serviceAccountName ?? 'default',
      serviceAccountName: pod.serviceAccountName ?? 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [...(pod.tolerations ?? []), ...DEFAULT_TOLERATIONS],
      volumes: [
        ...(pod.volumes ?? []),
        {
          name: tokenVolume(pod),
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
              {
                downwardAPI: {
                  items: [
                    { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' },
                  ],
                },
              },
            ],
          },
        },
      ],
    },
    status: {
      conditions,
      ...(pod.node ? { containerStatuses: statuses } : {}),
      ...(pod.node ? { hostIP: pod.node.ip, hostIPs: [{ ip: pod.node.ip }] } : {}),
      ...(pod.message && pod.node ? { message: pod.message } : {}),
      phase,
      ...(ip && phase !== 'Failed' ? { podIP: ip, podIPs: [{ ip }] } : {}),
      qosClass: qosClass(pod.containers),
      ...(pod.reason ? { reason: pod.reason } : {}),
      ...(pod.node ? { startTime: pod.created } : {}),
    },
  };
}
