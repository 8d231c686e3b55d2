import { type BudgetObject, computeBudgetStatus, podsCoveredBy } from './disruption-budget.js';
import type { KubeObject } from './kube-object.js';
import type { ObjectStore } from './object-store.js';
import type { PodObject } from './pod-types.js';

/**
 * A small disruption controller: fills the status of PodDisruptionBudgets loaded without one and
 * recomputes the budgets of a namespace whenever its pods or budgets change.
 */

const BUDGETS = 'poddisruptionbudgets.policy';

/** Dependencies of {@link createDisruptionController}. */
export interface DisruptionControllerDeps {
  store: ObjectStore;
  clock?: () => Date;
}

/** A running controller; `close()` stops it. */
export interface DisruptionController {
  start(): void;
  close(): void;
}

interface OwnerReference {
  kind: string;
  name: string;
  controller?: boolean;
}

function replicasOf(obj: KubeObject | undefined): number | undefined {
  const replicas = (obj?.spec as { replicas?: number } | undefined)?.replicas;
  return typeof replicas === 'number' ? replicas : undefined;
}

/** Sum of desired replicas of the pods' controllers (Deployment via ReplicaSet, StatefulSet, ReplicaSet). */
function controllerScale(store: ObjectStore, pods: readonly PodObject[]): number {
  const seen = new Map<string, number>();
  let uncontrolled = 0;
  for (const pod of pods) {
    const owners = (pod.metadata.ownerReferences as OwnerReference[] | undefined) ?? [];
    const owner = owners.find((o) => o.controller);
    if (!owner) {
      uncontrolled += 1;
      continue;
    }
    const key = `${owner.kind}/${owner.name}`;
    if (seen.has(key)) continue;
    const ns = pod.metadata.namespace;
    let scale: number | undefined;
    if (owner.kind === 'ReplicaSet') {
      const replicaSet = store.get('replicasets.apps', ns, owner.name);
      const deployment = ((replicaSet?.metadata.ownerReferences as OwnerReference[] | undefined) ?? []).find(
        (o) => o.controller && o.kind === 'Deployment',
      );
      scale = deployment
        ? replicasOf(store.get('deployments.apps', ns, deployment.name))
        : replicasOf(replicaSet);
    } else if (owner.kind === 'StatefulSet') {
      scale = replicasOf(store.get('statefulsets.apps', ns, owner.name));
    }
    seen.set(
      key,
      scale ??
        pods.filter((p) =>
          (p.metadata.ownerReferences as OwnerReference[] | undefined)?.some((o) => o.name === owner.name),
        ).length,
    );
  }
  return uncontrolled + [...seen.values()].reduce((sum, n) => sum + n, 0);
}

/** Creates the controller; nothing happens until `start()`. */
export function createDisruptionController(deps: DisruptionControllerDeps): DisruptionController {
  const { store } = deps;
  const clock = deps.clock ?? (() => new Date());
  const dirty = new Set<string>();
  const stops: (() => void)[] = [];
  let flush: NodeJS.Immediate | undefined;

  function sync(budget: BudgetObject): void {
    const ns = budget.metadata.namespace;
    const pods = podsCoveredBy(budget, store.list('pods', { namespace: ns }).items as PodObject[]);
    const status = computeBudgetStatus(budget, pods, {
      now: clock(),
      controllerScale: controllerScale(store, pods),
    });
    if (JSON.stringify(status) !== JSON.stringify(budget.status))
      store.setStatus(BUDGETS, ns, budget.metadata.name ?? '', status);
  }

  function syncDirty(): void {
    flush = undefined;
    for (const ns of dirty) {
      for (const budget of store.list(BUDGETS, { namespace: ns }).items as BudgetObject[]) sync(budget);
    }
    dirty.clear();
  }

  function markDirty(namespace: string | undefined): void {
    if (!namespace) return;
    dirty.add(namespace);
    // listeners run inside the store's write: sync after it returns, once per burst of changes
    flush ??= setImmediate(syncDirty);
  }

  return {
    start() {
      if (stops.length > 0) return;
      for (const budget of store.list(BUDGETS).items as BudgetObject[]) if (!budget.status) sync(budget);
      const from = store.resourceVersion();
      stops.push(
        store.watch('pods', { resourceVersion: from }, (event) => markDirty(event.object.metadata.namespace)),
      );
      stops.push(
        store.watch(BUDGETS, { resourceVersion: from }, (event) =>
          markDirty(event.object.metadata.namespace),
        ),
      );
    },
    close() {
      for (const stop of stops.splice(0)) stop();
      if (flush) clearImmediate(flush);
      flush = undefined;
      dirty.clear();
    },
  };
}
