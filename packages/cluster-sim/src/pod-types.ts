import type { KubeObject } from './kube-object.js';

/** The container fields the simulator reads. */
export interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  [key: string]: unknown;
}

/** A pod condition (`PodScheduled`, `Initialized`, `ContainersReady`, `Ready`). */
export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** A toleration as in `spec.tolerations[]`. */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** A pod as the simulator reads it (wire shape, only the fields used here are typed). */
export interface PodObject extends KubeObject {
  spec?: {
    nodeName?: string;
    nodeSelector?: Record<string, string>;
    containers?: ContainerSpec[];
    initContainers?: ContainerSpec[];
    tolerations?: Toleration[];
    affinity?: Record<string, unknown>;
    activeDeadlineSeconds?: number;
    restartPolicy?: string;
    [key: string]: unknown;
  };
  status?: {
    phase?: string;
    conditions?: PodCondition[];
    containerStatuses?: Record<string, unknown>[];
    [key: string]: unknown;
  };
}

/** A taint as in a node's `spec.taints[]`. */
export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** A node as the simulator reads it. */
export interface NodeObject extends KubeObject {
  spec?: { taints?: Taint[]; unschedulable?: boolean; [key: string]: unknown };
  status?: Record<string, unknown>;
}

/** `namespace/name` of a namespaced object. */
export function namespacedName(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? 'default'}/${obj.metadata.name ?? ''}`;
}

/** True when the pod's `Ready` condition is `True` (the API's notion of a healthy pod). */
export function isPodReady(pod: PodObject): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
