import type { KubeObject } from '@triage/core';
import type { Owner } from '../src/owner-chain.js';

/** Builders of objects shaped as `kubectl get -o json` prints them (fields this playbook reads, and their neighbours). */

export const NODE = 'aks-userpool-31415926-vmss000000';

interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  owner?: { kind: string; name: string };
  phase?: string;
  ready?: boolean;
  annotations?: Record<string, string>;
  node?: string;
  deleting?: boolean;
}

export function pod(name: string, o: PodOptions = {}): KubeObject {
  const ready = o.ready ?? true;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'web',
      uid: `uid-${name}`,
      labels: o.labels ?? { app: 'nginx' },
      ...(o.annotations && { annotations: o.annotations }),
      creationTimestamp: '2025-02-11T09:40:27Z',
      ...(o.deleting && { deletionTimestamp: '2025-03-04T08:05:20Z', deletionGracePeriodSeconds: 30 }),
      ...(o.owner && {
        ownerReferences: [
          {
            apiVersion:
              o.owner.kind === 'ReplicaSet' || o.owner.kind === 'DaemonSet' || o.owner.kind === 'StatefulSet'
                ? 'apps/v1'
                : 'v1',
            kind: o.owner.kind,
            name: o.owner.name,
            uid: `uid-${o.owner.name}`,
            controller: true,
          },
        ],
      }),
    },
    spec: {
      nodeName: o.node ?? NODE,
      containers: [{ name: 'app', image: 'nginx:1.27.4' }],
      restartPolicy: 'Always',
    },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [
        { type: 'Initialized', status: 'True' },
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          ...(ready ? {} : { reason: 'ContainersNotReady' }),
        },
        { type: 'ContainersReady', status: ready ? 'True' : 'False' },
        { type: 'PodScheduled', status: 'True' },
      ],
    },
  };
}

interface BudgetOptions {
  namespace?: string;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  selector?: unknown;
  unhealthyPodEvictionPolicy?: string;
  generation?: number;
  status?: Partial<{
    observedGeneration: number;
    disruptionsAllowed: number;
    currentHealthy: number;
    desiredHealthy: number;
    expectedPods: number;
    disruptedPods: Record<string, string>;
    conditions: { type: string; status: string; reason: string; message: string }[];
  }>;
}

export function budget(name: string, o: BudgetOptions = {}): KubeObject {
  const status = {
    observedGeneration: o.generation ?? 1,
    disruptionsAllowed: 0,
    currentHealthy: 1,
    desiredHealthy: 1,
    expectedPods: 1,
    ...o.status,
  };
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: o.namespace ?? 'web', generation: o.generation ?? 1, uid: `uid-${name}` },
    spec: {
      ...(o.minAvailable !== undefined && { minAvailable: o.minAvailable }),
      ...(o.maxUnavailable !== undefined && { maxUnavailable: o.maxUnavailable }),
      selector: o.selector === undefined ? { matchLabels: { app: 'nginx' } } : o.selector,
      ...(o.unhealthyPodEvictionPolicy && { unhealthyPodEvictionPolicy: o.unhealthyPodEvictionPolicy }),
    },
    status: {
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: status.disruptionsAllowed > 0 ? 'True' : 'False',
          reason: status.disruptionsAllowed > 0 ? 'SufficientPods' : 'InsufficientPods',
          message: '',
          observedGeneration: status.observedGeneration,
          lastTransitionTime: '2025-02-11T09:40:32Z',
        },
      ],
      ...status,
    },
  };
}

export function workload(
  kind: 'Deployment' | 'StatefulSet' | 'ReplicaSet',
  name: string,
  replicas: number,
  o: { namespace?: string; ready?: number; owner?: string } = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: {
      name,
      namespace: o.namespace ?? 'web',
      uid: `uid-${name}`,
      generation: 1,
      ...(o.owner && {
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: o.owner,
            uid: `uid-${o.owner}`,
            controller: true,
          },
        ],
      }),
    },
    spec: { replicas, selector: { matchLabels: { app: name } } },
    status: {
      replicas,
      readyReplicas: o.ready ?? replicas,
      availableReplicas: o.ready ?? replicas,
      observedGeneration: 1,
    },
  };
}

/** The owner of the pdb-drain-blocked scenario's nginx pod, as the owner chain resolves it. */
export const nginxOwner: Owner = {
  kind: 'Deployment',
  name: 'nginx',
  namespace: 'web',
  resource: 'deployments',
  replicas: 1,
  readyReplicas: 1,
  availableReplicas: 1,
  via: 'nginx-rfsjqvntbk',
};
