import { KubeApiError, objectNotFound } from './errors.js';
import { isPlainObject, type KubeObject, readPath } from './kube-object.js';
import type { LabelSelectorObject } from './label-selector.js';
import type { ObjectStore } from './object-store.js';
import type { PatchType } from './patch.js';
import { applyPatch } from './patch.js';
import type { ResourceType } from './resource-types.js';

/** `spec.selector` as the label selector string a Scale carries in `status.selector`. */
function selectorString(selector: unknown): string {
  if (!isPlainObject(selector)) return '';
  const s = selector as LabelSelectorObject;
  const parts = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(',');
}

/** The autoscaling/v1 Scale view of a workload. */
export function scaleOf(workload: KubeObject): KubeObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = workload.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: readPath(workload, 'spec.replicas') ?? 1 },
    status: {
      replicas: readPath(workload, 'status.replicas') ?? 0,
      selector: selectorString(readPath(workload, 'spec.selector')),
    },
  };
}

/**
 * Reads or changes `<workload>/scale` (what `kubectl scale` patches). A change sets the workload's
 * `spec.replicas`; a resourceVersion in the body is a precondition, as on the real API.
 */
export function changeScale(
  store: ObjectStore,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  change: { put: unknown } | { patchType: PatchType; patch: unknown },
  dryRun: boolean,
): KubeObject {
  const workload = store.get(type.storageKey, namespace, name);
  if (!workload) throw objectNotFound(type, name);
  const current = scaleOf(workload);
  const next = 'put' in change ? change.put : applyPatch(change.patchType, current, change.patch);
  const replicas = readPath(next, 'spec.replicas');
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw new KubeApiError(
      'Invalid',
      `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
    );
  }
  const resourceVersion = readPath(next, 'metadata.resourceVersion');
  const patch: KubeObject = { metadata: {}, spec: { replicas } };
  if (typeof resourceVersion === 'string' && resourceVersion !== '')
    patch.metadata.resourceVersion = resourceVersion;
  const updated = store.patch(type.storageKey, namespace, name, 'merge', patch, { dryRun });
  return scaleOf(updated);
}
