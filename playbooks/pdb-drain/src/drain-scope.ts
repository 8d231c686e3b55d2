import type { KubeObject, KubeReader } from '@triage/core';
import { type DrainCandidates, drainCandidates } from './drain-candidates.js';
import { type Budget, toBudget } from './kube-views.js';

/** What to look at: the pods on one node (a drain), or every pod of a namespace. */
export type DrainScope = { kind: 'node'; node: string } | { kind: 'namespace'; namespace: string };

/** The objects a drain of the scope involves. */
export interface ScopeObjects {
  scope: DrainScope;
  /** The node (node scope only). */
  node?: KubeObject;
  pods: KubeObject[];
  /** The pods a drain would evict, and those it skips. */
  candidates: DrainCandidates;
  /** Every budget in the namespaces of the pods to evict. */
  budgets: Budget[];
  /** Events about the node (drain and eviction messages from the upgrader or autoscaler). */
  events: KubeObject[];
}

/** Most pods read for one scope; a node holds at most a few hundred. */
export const MAX_PODS = 5000;
const MAX_EVENTS = 500;

/** `node/<name>` or `namespace/<ns>` */
export function scopeKey(scope: DrainScope): string {
  return scope.kind === 'node' ? `node/${scope.node}` : `namespace/${scope.namespace}`;
}

/**
 * Reads the scope with requests that grow with the namespaces of its pods, never with the
 * cluster: the node, its pods (spec.nodeName), the budgets of each namespace with a pod to evict, the node's
 * events. Undefined when the node does not exist.
 */
export async function fetchScope(kube: KubeReader, scope: DrainScope): Promise<ScopeObjects | undefined> {
  if (scope.kind === 'namespace') {
    const [pods, budgets] = await Promise.all([
      kube.list('pods', { namespace: scope.namespace, max: MAX_PODS }),
      kube.list('poddisruptionbudgets', { namespace: scope.namespace }),
    ]);
    return { scope, pods, candidates: drainCandidates(pods), budgets: budgets.map(toBudget), events: [] };
  }
  const node = await kube.get('nodes', scope.node);
  if (!node) return undefined;
  const [pods, events] = await Promise.all([
    kube.list('pods', { fieldSelector: `spec.nodeName=${scope.node}`, max: MAX_PODS }),
    kube.list('events', {
      fieldSelector: `involvedObject.kind=Node,involvedObject.name=${scope.node}`,
      max: MAX_EVENTS,
    }),
  ]);
  const candidates = drainCandidates(pods);
  const namespaces = [...new Set(candidates.evict.map((p) => p.metadata.namespace ?? ''))]
    .filter(Boolean)
    .sort();
  const budgetLists = await Promise.all(
    namespaces.map((namespace) => kube.list('poddisruptionbudgets', { namespace })),
  );
  return { scope, node, pods, candidates, budgets: budgetLists.flat().map(toBudget), events };
}
