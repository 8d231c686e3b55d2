import type { KubeObject, KubeReader } from '@triage/core';

/** The few cluster facts routing needs, cached so that an alert storm costs a handful of API calls. */
export interface ClusterLookup {
  /** The node whose InternalIP / ExternalIP / hostname is `address`. */
  nodeByAddress(address: string): Promise<string | undefined>;
  /** The node a pod runs on. */
  podNode(namespace: string, name: string): Promise<string | undefined>;
  /** False when the node's Ready condition is False or Unknown. */
  isNodeReady(name: string): Promise<boolean>;
}

interface Cached<T> {
  value: Promise<T>;
  at: number;
}

function isReady(node: KubeObject): boolean {
  const conditions = (node.status?.conditions ?? []) as { type?: string; status?: string }[];
  return conditions.find((c) => c.type === 'Ready')?.status === 'True';
}

/**
 * Creates a lookup over `kube`, caching answers for `ttlMs` (in-flight requests are shared, so
 * 10,000 alerts about one pod cost one GET).
 */
export function createClusterLookup(
  kube: KubeReader,
  ttlMs: number,
  now: () => number = Date.now,
): ClusterLookup {
  const cache = new Map<string, Cached<unknown>>();
  function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.value as Promise<T>;
    const value = load();
    cache.set(key, { value, at: now() });
    value.catch(() => cache.delete(key));
    return value;
  }
  const nodes = () => cached('nodes', () => kube.list('nodes'));
  return {
    async nodeByAddress(address) {
      const all = await nodes();
      const addresses = (n: KubeObject) => (n.status?.addresses ?? []) as { address?: string }[];
      return all.find((n) => addresses(n).some((a) => a.address === address))?.metadata.name;
    },
    podNode(namespace, name) {
      return cached(`pod/${namespace}/${name}`, async () => {
        const pod = await kube.get('pods', name, namespace);
        return pod?.spec?.nodeName as string | undefined;
      });
    },
    async isNodeReady(name) {
      const node = (await nodes()).find((n) => n.metadata.name === name);
      return node ? isReady(node) : true;
    },
  };
}
