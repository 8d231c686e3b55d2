import type { KubeObject } from './kube-object.js';
import { eventObject } from './large-cluster-events.js';
import { isWindowsPool, largeClusterNodeName, nodeObject, POOL_SIZE } from './large-cluster-nodes.js';
import {
  controllerObjects,
  deploymentShapes,
  NAMESPACES,
  podObject,
  type PodIdentity,
} from './large-cluster-pods.js';
import { CREATED, createRandom, frozen, suffixAt, suffixSalt, uid, word } from './large-cluster-random.js';

export { largeClusterNodeName } from './large-cluster-nodes.js';

/**
 * A generator of large, AKS-shaped clusters for benchmarks: nodes in pools of 100, DaemonSet pods on every
 * node, Deployments with ReplicaSets and pods spread over the nodes, and a long tail of events. Objects have
 * the shapes `kubectl get -o json` prints (labels, ownerReferences, containers, status), kept compact.
 * Deterministic: the same options give the same objects, in the same order.
 */

/** Options of {@link generateLargeCluster}. */
export interface LargeClusterOptions {
  /** Node count (default 5,000). */
  nodes?: number;
  /** Pod count, DaemonSet pods included (default 150,000). */
  pods?: number;
  /** Event count (default 500,000). */
  events?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** The newest moment in the cluster (default 2025-03-04T08:30:00Z); events fall in the hour before. */
  now?: string;
}

const DAEMONSETS = ['kube-proxy', 'azure-cns', 'ama-logs'] as const;

/**
 * Yields a large cluster's objects: namespaces, nodes, DaemonSets, Deployments and ReplicaSets, pods,
 * events. Iterate it (or spread it into `startSimulator({ objects })`); nothing is kept but a compact
 * index of pod identities for the events.
 * @example
 * const objects = [...generateLargeCluster({ nodes: 50, pods: 1_500, events: 5_000, seed: 7 })];
 */
export function* generateLargeCluster(options: LargeClusterOptions = {}): Generator<KubeObject> {
  const nodes = options.nodes ?? 5_000;
  const podCount = options.pods ?? 150_000;
  const eventCount = options.events ?? 500_000;
  const now = Date.parse(options.now ?? '2025-03-04T08:30:00Z');
  const random = createRandom(options.seed ?? 1);

  for (const name of [
    'default',
    'kube-system',
    ...Array.from({ length: NAMESPACES }, (_, i) => `team-${String(i).padStart(2, '0')}`),
  ]) {
    yield {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        creationTimestamp: CREATED,
        labels: { 'kubernetes.io/metadata.name': name },
        name,
        uid: uid(random),
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
  }
  const linuxNodes: number[] = [];
  const windowsNodes: number[] = [];
  for (let i = 0; i < nodes; i++) {
    (isWindowsPool(Math.floor(i / POOL_SIZE)) ? windowsNodes : linuxNodes).push(i);
    yield nodeObject(i, random, now);
  }

  const identities: PodIdentity[] = [];
  let podIndex = 0;
  const podsPerNode = new Uint16Array(nodes);
  const dsPods = Math.min(podCount, nodes * DAEMONSETS.length);
  for (const [d, ds] of DAEMONSETS.entries()) {
    const labels = frozen({
      'controller-revision-hash': word(random, 10),
      'k8s-app': ds,
      'pod-template-generation': '1',
    });
    const dsUid = uid(random);
    const image = `mcr.microsoft.com/oss/kubernetes/${ds}:v1.30.9`;
    const containers = frozen([
      {
        image,
        imagePullPolicy: 'IfNotPresent',
        name: ds,
        resources: { requests: { cpu: '50m', memory: '64Mi' } },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ]);
    const owner = frozen([
      {
        apiVersion: 'apps/v1',
        blockOwnerDeletion: true,
        controller: true,
        kind: 'DaemonSet',
        name: ds,
        uid: dsUid,
      },
    ]);
    const onNodes = Math.min(nodes, dsPods - d * nodes);
    yield {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        creationTimestamp: CREATED,
        generation: 1,
        labels: { 'k8s-app': ds },
        name: ds,
        namespace: 'kube-system',
        resourceVersion: '800',
        uid: dsUid,
      },
      spec: {
        selector: { matchLabels: { 'k8s-app': ds } },
        template: { metadata: { labels: { 'k8s-app': ds } }, spec: { containers, restartPolicy: 'Always' } },
      },
      status: {
        currentNumberScheduled: onNodes,
        desiredNumberScheduled: onNodes,
        numberAvailable: onNodes,
        numberMisscheduled: 0,
        numberReady: onNodes,
        observedGeneration: 1,
        updatedNumberScheduled: onNodes,
      },
    };
    const salt = suffixSalt(random);
    for (let n = 0; n < onNodes; n++) {
      const id: PodIdentity = {
        name: `${ds}-${suffixAt(n, salt)}`,
        namespace: 'kube-system',
        uid: uid(random),
        node: largeClusterNodeName(n),
        container: ds,
        image,
      };
      identities.push(id);
      podsPerNode[n] = (podsPerNode[n] ?? 0) + 1;
      yield podObject(id, labels, owner, containers, n, podsPerNode[n] ?? 0, random, now, true);
      podIndex++;
    }
  }

  const shapes = deploymentShapes(podCount - podIndex, random, windowsNodes.length > 0);
  for (const shape of shapes) yield* controllerObjects(shape, random);
  for (const shape of shapes) {
    const pool = shape.windows ? windowsNodes : linuxNodes.length ? linuxNodes : windowsNodes;
    const salt = suffixSalt(random);
    for (let r = 0; r < shape.replicas; r++) {
      const n = pool[Math.floor(random() * pool.length)] ?? 0;
      const id: PodIdentity = {
        name: `${shape.name}-${shape.hash}-${suffixAt(r, salt)}`,
        namespace: shape.namespace,
        uid: uid(random),
        node: largeClusterNodeName(n),
        container: shape.name,
        image: shape.image,
      };
      identities.push(id);
      podsPerNode[n] = (podsPerNode[n] ?? 0) + 1;
      yield podObject(
        id,
        shape.labels,
        shape.owner,
        shape.containers,
        n,
        podsPerNode[n] ?? 0,
        random,
        now,
        false,
      );
    }
  }

  for (let e = 0; e < eventCount; e++) {
    const aboutNode = random() < 0.1 || identities.length === 0;
    const pod = aboutNode ? undefined : identities[Math.floor(random() * identities.length)];
    yield eventObject(e, random, now, pod, largeClusterNodeName(Math.floor(random() * Math.max(1, nodes))));
  }
}
