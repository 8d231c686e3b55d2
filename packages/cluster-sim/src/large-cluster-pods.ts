import type { KubeObject } from './kube-object.js';
import { CREATED, frozen, hex, iso, type Json, uid, word } from './large-cluster-random.js';

/** Application namespaces `team-00`…`team-49`. */
export const NAMESPACES = 50;

const TOLERATIONS = frozen([
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
]);
const DS_TOLERATIONS = frozen([{ operator: 'Exists' }]);
const RESOURCES = frozen({
  limits: { cpu: '500m', memory: '512Mi' },
  requests: { cpu: '100m', memory: '256Mi' },
});
/** What events need to know about a generated pod. */
export interface PodIdentity {
  name: string;
  namespace: string;
  uid: string;
  node: string;
  container: string;
  image: string;
}

/** Everything one Deployment's pods share: labels, owner, containers (frozen, so shared safely). */
export interface DeploymentShape {
  name: string;
  namespace: string;
  hash: string;
  replicas: number;
  windows: boolean;
  labels: Record<string, string>;
  owner: Json[];
  containers: Json[];
  image: string;
}

/**
 * A pod of a DaemonSet or Deployment; ~1 % Pending (unschedulable), ~1 % CrashLoopBackOff (some after
 * OOMKilled), the rest Running and Ready.
 */
export function podObject(
  id: PodIdentity,
  labels: Record<string, string>,
  owner: Json[],
  containers: Json[],
  nodeIndex: number,
  podIndex: number,
  random: () => number,
  now: number,
  daemon: boolean,
): KubeObject {
  const roll = random();
  const pending = !daemon && roll < 0.01;
  const crashing = !daemon && !pending && roll < 0.02;
  const oomKilled = crashing && roll < 0.014;
  const started = iso(now - Math.floor(random() * 4 * 86_400_000) - 3_600_000);
  const ip = `10.${128 + (nodeIndex >> 8)}.${nodeIndex & 255}.${4 + (podIndex % 250)}`;
  const ready = !pending && !crashing;
  const restarts = crashing ? 3 + Math.floor(random() * 40) : 0;
  const condition = (type: string, status: boolean) => ({
    lastProbeTime: null,
    lastTransitionTime: started,
    status: status ? 'True' : 'False',
    type,
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: started,
      generateName: id.name.slice(0, id.name.lastIndexOf('-') + 1),
      labels,
      name: id.name,
      namespace: id.namespace,
      ownerReferences: owner,
      resourceVersion: String(100_000 + podIndex),
      uid: id.uid,
    },
    spec: {
      containers,
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      ...(pending ? {} : { nodeName: id.node }),
      priority: daemon ? 2000001000 : 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: daemon ? DS_TOLERATIONS : TOLERATIONS,
    },
    status: pending
      ? {
          conditions: [
            {
              lastProbeTime: null,
              lastTransitionTime: started,
              message: '0/5000 nodes are available: 5000 Insufficient cpu.',
              reason: 'Unschedulable',
              status: 'False',
              type: 'PodScheduled',
            },
          ],
          phase: 'Pending',
          qosClass: 'Burstable',
        }
      : {
          conditions: [
            condition('Initialized', true),
            condition('Ready', ready),
            condition('ContainersReady', ready),
            condition('PodScheduled', true),
          ],
          containerStatuses: [
            {
              containerID: `containerd://${hex(random, 64)}`,
              image: id.image,
              imageID: `${id.image.split(':')[0]}@sha256:${hex(random, 64)}`,
              lastState: crashing
                ? {
                    terminated: {
                      exitCode: oomKilled ? 137 : 1,
                      finishedAt: iso(now - 60_000),
                      reason: oomKilled ? 'OOMKilled' : 'Error',
                      startedAt: iso(now - 90_000),
                    },
                  }
                : {},
              name: id.container,
              ready,
              restartCount: restarts,
              started: !crashing,
              state: crashing
                ? {
                    waiting: {
                      message: `back-off 5m0s restarting failed container=${id.container} pod=${id.name}_${id.namespace}(${id.uid})`,
                      reason: 'CrashLoopBackOff',
                    },
                  }
                : { running: { startedAt: started } },
            },
          ],
          hostIP: `10.224.${nodeIndex >> 8}.${nodeIndex & 255}`,
          phase: 'Running',
          podIP: ip,
          podIPs: [{ ip }],
          qosClass: 'Burstable',
          startTime: started,
        },
  };
}

/** Deployments (1–59 replicas each, 50 namespaces) adding up to `count` pods; every 20th is a Windows app. */
export function deploymentShapes(
  count: number,
  random: () => number,
  windowsNodes: boolean,
): DeploymentShape[] {
  const shapes: DeploymentShape[] = [];
  let remaining = count;
  for (let d = 0; remaining > 0; d++) {
    const replicas = Math.min(remaining, 1 + Math.floor(random() * 59));
    remaining -= replicas;
    const namespace = `team-${String(d % NAMESPACES).padStart(2, '0')}`;
    const name = `svc-${String(d).padStart(4, '0')}`;
    const hash = word(random, 10);
    const windows = windowsNodes && d % 20 === 19;
    const image = windows
      ? `acrbench.azurecr.io/${namespace}/${name}:1.${d % 9}.0-ltsc2022`
      : `acrbench.azurecr.io/${namespace}/${name}:1.${d % 9}.0`;
    const rsUid = uid(random);
    shapes.push({
      name,
      namespace,
      hash,
      replicas,
      windows,
      image,
      labels: frozen({ app: name, 'pod-template-hash': hash }),
      owner: frozen([
        {
          apiVersion: 'apps/v1',
          blockOwnerDeletion: true,
          controller: true,
          kind: 'ReplicaSet',
          name: `${name}-${hash}`,
          uid: rsUid,
        },
      ]),
      containers: frozen([
        {
          image,
          imagePullPolicy: 'IfNotPresent',
          name,
          ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
          resources: RESOURCES,
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ]),
    });
  }
  return shapes;
}

/** The Deployment and ReplicaSet of a shape, with consistent uids and owner references. */
export function controllerObjects(shape: DeploymentShape, random: () => number): KubeObject[] {
  const deployUid = uid(random);
  const meta = (name: string, u: string, extra: Json = {}) => ({
    creationTimestamp: CREATED,
    generation: 1,
    name,
    namespace: shape.namespace,
    resourceVersion: '900',
    uid: u,
    ...extra,
  });
  const template = {
    metadata: { labels: shape.labels },
    spec: { containers: shape.containers, restartPolicy: 'Always' },
  };
  const status = {
    availableReplicas: shape.replicas,
    observedGeneration: 1,
    readyReplicas: shape.replicas,
    replicas: shape.replicas,
  };
  const rs = shape.owner[0] as unknown as { name: string; uid: string };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(shape.name, deployUid, { labels: { app: shape.name } }),
      spec: { replicas: shape.replicas, selector: { matchLabels: { app: shape.name } }, template },
      status: { ...status, updatedReplicas: shape.replicas },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta(rs.name, rs.uid, {
        labels: shape.labels,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            blockOwnerDeletion: true,
            controller: true,
            kind: 'Deployment',
            name: shape.name,
            uid: deployUid,
          },
        ],
      }),
      spec: { replicas: shape.replicas, selector: { matchLabels: shape.labels }, template },
      status: { ...status, fullyLabeledReplicas: shape.replicas },
    },
  ];
}
