import type { KubeObject, KubeReader } from '@triage/core';
import { controllerRef } from './kube-views.js';

/** The controller that owns a pod at the top of its chain, with its replica counts. */
export interface Owner {
  kind: string;
  name: string;
  namespace: string;
  /** Plural resource to patch when we can scale it (deployments, statefulsets, replicasets). */
  resource?: 'deployments' | 'statefulsets' | 'replicasets';
  /** spec.replicas (undefined when the kind has none or it could not be read). */
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  /** The ReplicaSet between pod and Deployment, when there is one. */
  via?: string;
}

const scalable = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  ReplicaSet: 'replicasets',
} as const;

/** `Deployment web/nginx` */
export function ownerLabel(owner: Owner): string {
  return `${owner.kind} ${owner.namespace}/${owner.name}`;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** An Owner from a Deployment, StatefulSet or ReplicaSet object as the API returns it. */
export function ownerFromObject(obj: KubeObject, kind: keyof typeof scalable, via?: string): Owner {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const replicas = count(spec.replicas) ?? 1; // the API defaults spec.replicas to 1
  return {
    kind,
    name: obj.metadata.name,
    namespace: obj.metadata.namespace ?? '',
    resource: scalable[kind],
    replicas,
    readyReplicas: count(status.readyReplicas) ?? 0,
    availableReplicas: count(status.availableReplicas) ?? 0,
    ...(via && { via }),
  };
}

/** Resolves pods to their top-level controllers (Pod → ReplicaSet → Deployment, StatefulSet), one GET per object. */
export interface OwnerResolver {
  /** The pod's top-level controller; undefined for a pod without one (a bare pod). */
  ownerOf(pod: KubeObject): Promise<Owner | undefined>;
}

/**
 * Resolves owners with a cache per object, so the API requests grow with the distinct
 * controllers involved, never with the pods. Owners of other kinds (Job, custom controllers) are
 * named without replica counts.
 */
export function createOwnerResolver(kube: KubeReader): OwnerResolver {
  const cache = new Map<string, Promise<Owner | undefined>>();

  async function resolve(namespace: string, kind: string, name: string): Promise<Owner | undefined> {
    if (kind === 'Deployment' || kind === 'StatefulSet') {
      const obj = await kube.get(scalable[kind], name, namespace);
      return obj ? ownerFromObject(obj, kind) : { kind, name, namespace };
    }
    if (kind === 'ReplicaSet') {
      const rs = await kube.get('replicasets', name, namespace);
      if (!rs) return { kind, name, namespace };
      const parent = controllerRef(rs);
      if (parent?.kind !== 'Deployment') return ownerFromObject(rs, 'ReplicaSet');
      const deployment = await kube.get('deployments', parent.name, namespace);
      return deployment
        ? ownerFromObject(deployment, 'Deployment', name)
        : { kind: 'Deployment', name: parent.name, namespace, via: name };
    }
    return { kind, name, namespace };
  }

  return {
    ownerOf(pod) {
      const ref = controllerRef(pod);
      const namespace = pod.metadata.namespace ?? '';
      if (!ref) return Promise.resolve(undefined);
      const key = `${namespace}/${ref.kind}/${ref.name}`;
      let owner = cache.get(key);
      if (!owner) {
        owner = resolve(namespace, ref.kind, ref.name);
        cache.set(key, owner);
      }
      return owner;
    },
  };
}
