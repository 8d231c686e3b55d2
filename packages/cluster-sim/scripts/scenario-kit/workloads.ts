import { plus } from './cluster.js';
import { suffixFor, uidFor } from './ids.js';
import type { NodeRef } from './nodes.js';
import { type PodInput, type TemplateInput, buildPod, podTemplate } from './pods.js';

type KubeObject = Record<string, unknown>;

/** Where one of a controller's pods runs and anything about it that differs from the template. */
export interface PodPlacement {
  node?: NodeRef;
  ip?: string;
  created?: string;
  override?: Partial<PodInput>;
}

/** A controller's built objects and the names of its pods, for logs, exec rules and events. */
export interface Built {
  objects: KubeObject[];
  pods: KubeObject[];
  podNames: string[];
}

function isReady(pod: KubeObject): boolean {
  const conditions = ((pod.status as KubeObject).conditions ?? []) as KubeObject[];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** A Deployment plus its current ReplicaSet and pods, wired with ownerReferences and pod-template-hash. */
export function buildDeployment(
  input: {
    name: string;
    namespace: string;
    replicas: number;
    created: string;
    /** When the current ReplicaSet rolled out (default: the Deployment's creation). */
    rolledOut?: string;
    revision?: number;
    labels?: Record<string, string>;
    template: TemplateInput;
    pods: PodPlacement[];
    strategy?: KubeObject;
  },
  rv: () => string,
): Built {
  const { name, namespace } = input;
  const revision = input.revision ?? 1;
  const hash = suffixFor(`rs:${namespace}/${name}/${revision}`, 10);
  const rsName = `${name}-${hash}`;
  const deployUid = uidFor(`deploy:${namespace}/${name}`);
  const rsUid = uidFor(`rs:${namespace}/${rsName}`);
  const rolledOut = input.rolledOut ?? input.created;
  const podLabels = { ...input.template.labels, 'pod-template-hash': hash };
  const pods = input.pods.map((p, i) => {
    const podName = `${rsName}-${suffixFor(`pod:${namespace}/${rsName}/${i}`, 5)}`;
    return buildPod(
      {
        ...input.template,
        labels: podLabels,
        name: podName,
        namespace,
        generateName: `${rsName}-`,
        owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: rsUid },
        created: p.created ?? plus(rolledOut, 1 + i),
        ...(p.node ? { node: p.node } : {}),
        ...(p.ip ? { ip: p.ip } : {}),
        ...p.override,
      },
      rv(),
    );
  });
  // Controllers count only active pods: not failed, not being deleted.
  const running = pods.filter(
    (p) => (p.status as KubeObject).phase !== 'Failed' && !(p.metadata as KubeObject).deletionTimestamp,
  );
  const ready = running.filter(isReady).length;
  const replicaStatus = (total: number) => ({
    availableReplicas: ready,
    fullyLabeledReplicas: total,
    observedGeneration: revision,
    readyReplicas: ready,
    replicas: total,
  });
  const lastChange = plus(rolledOut, 40);
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      creationTimestamp: input.created,
      generation: revision,
      labels: input.labels ?? input.template.labels,
      name,
      namespace,
      resourceVersion: rv(),
      uid: deployUid,
    },
    spec: {
      progressDeadlineSeconds: 600,
      replicas: input.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: input.template.labels },
      strategy: input.strategy ?? {
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
        type: 'RollingUpdate',
      },
      template: podTemplate(input.template),
    },
    status: {
      ...(ready > 0 ? { availableReplicas: ready } : {}),
      conditions: [
        ready >= Math.max(1, input.replicas - Math.floor(input.replicas / 4))
          ? {
              lastTransitionTime: lastChange,
              lastUpdateTime: lastChange,
              message: 'Deployment has minimum availability.',
              reason: 'MinimumReplicasAvailable',
              status: 'True',
              type: 'Available',
            }
          : {
              lastTransitionTime: lastChange,
              lastUpdateTime: lastChange,
              message: 'Deployment does not have minimum availability.',
              reason: 'MinimumReplicasUnavailable',
              status: 'False',
              type: 'Available',
            },
        {
          lastTransitionTime: input.created,
          lastUpdateTime: lastChange,
          message: `ReplicaSet "${rsName}" has successfully progressed.`,
          reason: 'NewReplicaSetAvailable',
          status: 'True',
          type: 'Progressing',
        },
      ],
      observedGeneration: revision,
      ...(ready > 0 ? { readyReplicas: ready } : {}),
      replicas: running.length,
      ...(running.length - ready > 0 ? { unavailableReplicas: running.length - ready } : {}),
      updatedReplicas: running.length,
    },
  };
  const replicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(input.replicas),
        'deployment.kubernetes.io/max-replicas': String(input.replicas + Math.ceil(input.replicas / 4)),
        'deployment.kubernetes.io/revision': String(revision),
      },
      creationTimestamp: rolledOut,
      generation: 1,
      labels: podLabels,
      name: rsName,
      namespace,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          blockOwnerDeletion: true,
          controller: true,
          kind: 'Deployment',
          name,
          uid: deployUid,
        },
      ],
      resourceVersion: rv(),
      uid: rsUid,
    },
    spec: {
      replicas: input.replicas,
      selector: { matchLabels: podLabels },
      template: podTemplate({ ...input.template, labels: podLabels }),
    },
    status: replicaStatus(running.length),
  };
  return {
    objects: [deployment, replicaSet, ...pods],
    pods,
    podNames: pods.map((p) => (p.metadata as KubeObject).name as string),
  };
}

/** DaemonSet pods tolerate every node condition taint, as the DaemonSet controller adds them. */
const DAEMONSET_TOLERATIONS = [
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/disk-pressure', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/memory-pressure', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/pid-pressure', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', operator: 'Exists' },
];

/** A DaemonSet with one pod per given node (node affinity pinned to the node name, as the controller does). */
export function buildDaemonSet(
  input: {
    name: string;
    namespace: string;
    created: string;
    template: TemplateInput;
    nodes: { node: NodeRef; ip?: string; override?: Partial<PodInput> }[];
    /** Nodes the DaemonSet should run on but has no ready pod (default: every listed node is healthy). */
    desired?: number;
    labels?: Record<string, string>;
  },
  rv: () => string,
): Built {
  const { name, namespace } = input;
  const dsUid = uidFor(`ds:${namespace}/${name}`);
  const hash = suffixFor(`ds-rev:${namespace}/${name}`, 10);
  const pods = input.nodes.map(({ node, ip, override }) => {
    const podName = `${name}-${suffixFor(`ds-pod:${namespace}/${name}/${node.name}`, 5)}`;
    return buildPod(
      {
        ...input.template,
        labels: {
          ...input.template.labels,
          'controller-revision-hash': hash,
          'pod-template-generation': '1',
        },
        name: podName,
        namespace,
        generateName: `${name}-`,
        owner: { apiVersion: 'apps/v1', kind: 'DaemonSet', name, uid: dsUid },
        // A DaemonSet pod appears when both the DaemonSet and its node exist.
        created: plus(Date.parse(node.created) > Date.parse(input.created) ? node.created : input.created, 4),
        node,
        ...(ip ? { ip } : {}),
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.name] }] },
              ],
            },
          },
        },
        tolerations: [...(input.template.tolerations ?? []), ...DAEMONSET_TOLERATIONS],
        ...override,
      },
      rv(),
    );
  });
  const ready = pods.filter(isReady).length;
  const desired = input.desired ?? pods.length;
  const daemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      annotations: { 'deprecated.daemonset.template.generation': '1' },
      creationTimestamp: input.created,
      generation: 1,
      labels: input.labels ?? input.template.labels,
      name,
      namespace,
      resourceVersion: rv(),
      uid: dsUid,
    },
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: input.template.labels },
      template: podTemplate(input.template),
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
    },
    status: {
      currentNumberScheduled: pods.length,
      desiredNumberScheduled: desired,
      numberAvailable: ready,
      numberMisscheduled: 0,
      numberReady: ready,
      ...(desired - ready > 0 ? { numberUnavailable: desired - ready } : {}),
      observedGeneration: 1,
      updatedNumberScheduled: pods.length,
    },
  };
  return {
    objects: [daemonSet, ...pods],
    pods,
    podNames: pods.map((p) => (p.metadata as KubeObject).name as string),
  };
}
