import { KubeApiError } from './errors.js';
import { isPlainObject } from './kube-object.js';

/** Patch types by their request Content-Type. */
export type PatchType = 'merge' | 'json' | 'strategic';

/** Maps a request Content-Type to a patch type; undefined when unsupported (answer 415). */
export function patchTypeOf(contentType: string | undefined): PatchType | undefined {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (media === 'application/merge-patch+json') return 'merge';
  if (media === 'application/json-patch+json') return 'json';
  if (media === 'application/strategic-merge-patch+json') return 'strategic';
  return undefined;
}

/** Applies a patch of the given type; returns a new document, the input is not modified. */
export function applyPatch(type: PatchType, target: unknown, patch: unknown): unknown {
  if (type === 'json') return applyJsonPatch(target, patch);
  if (!isPlainObject(patch)) throw new KubeApiError('BadRequest', 'the patch must be a JSON object');
  return type === 'merge' ? applyMergePatch(target, patch) : applyStrategicMergePatch(target, patch);
}

/** RFC 7386 JSON merge patch: objects merge, `null` removes, everything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}

interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function invalidPatch(message: string): KubeApiError {
  return new KubeApiError('Invalid', message);
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw invalidPatch(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function containerAt(doc: unknown, tokens: string[], pointer: string): Record<string, unknown> | unknown[] {
  let current = doc;
  for (const token of tokens) {
    const next = Array.isArray(current)
      ? current[Number(token)]
      : isPlainObject(current)
        ? current[token]
        : undefined;
    if (next === undefined) throw invalidPatch(`doc is missing path: "${pointer}"`);
    current = next;
  }
  if (!Array.isArray(current) && !isPlainObject(current))
    throw invalidPatch(`doc is missing path: "${pointer}"`);
  return current;
}

function arrayIndex(arr: unknown[], token: string, pointer: string, forInsert: boolean): number {
  if (forInsert && token === '-') return arr.length;
  const index = Number(token);
  const max = forInsert ? arr.length : arr.length - 1;
  if (!/^\d+$/.test(token) || index > max) throw invalidPatch(`index out of range in "${pointer}"`);
  return index;
}

function getAt(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const last = tokens.pop() as string;
  const parent = containerAt(doc, tokens, pointer);
  const value = Array.isArray(parent) ? parent[arrayIndex(parent, last, pointer, false)] : parent[last];
  if (value === undefined) throw invalidPatch(`doc is missing key: "${pointer}"`);
  return value;
}

function removeAt(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  const last = tokens.pop();
  if (last === undefined) throw invalidPatch('cannot remove the whole document');
  const parent = containerAt(doc, tokens, pointer);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, last, pointer, false), 1)[0];
  if (!Object.hasOwn(parent, last)) throw invalidPatch(`unable to remove nonexistent key: "${pointer}"`);
  const old = parent[last];
  delete parent[last];
  return old;
}

function addAt(doc: unknown, pointer: string, value: unknown, replace: boolean): unknown {
  const tokens = parsePointer(pointer);
  const last = tokens.pop();
  if (last === undefined) return structuredClone(value);
  const parent = containerAt(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, last, pointer, !replace);
    parent.splice(index, replace ? 1 : 0, structuredClone(value));
  } else {
    if (replace && !Object.hasOwn(parent, last)) throw invalidPatch(`doc is missing key: "${pointer}"`);
    parent[last] = structuredClone(value);
  }
  return doc;
}

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test). */
export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops))
    throw new KubeApiError('BadRequest', 'a JSON patch must be an array of operations');
  let doc = structuredClone(target);
  for (const raw of ops as JsonPatchOp[]) {
    if (!isPlainObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw new KubeApiError('BadRequest', 'each JSON patch operation needs "op" and "path"');
    }
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, raw.path, raw.value, false);
        break;
      case 'replace':
        doc = addAt(doc, raw.path, raw.value, true);
        break;
      case 'remove':
        removeAt(doc, raw.path);
        break;
      case 'copy':
        doc = addAt(doc, raw.path, getAt(doc, raw.from ?? ''), false);
        break;
      case 'move':
        doc = addAt(doc, raw.path, removeAt(doc, raw.from ?? ''), false);
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, raw.path)) !== JSON.stringify(raw.value)) {
          throw invalidPatch(`testing value ${raw.path} failed`);
        }
        break;
      default:
        throw new KubeApiError('BadRequest', `unknown JSON patch operation "${raw.op}"`);
    }
  }
  return doc;
}

/**
 * Merge keys of the list fields that the Kubernetes API merges element-wise (`patchMergeKey`).
 * Lists not named here (tolerations, taints, args, …) are replaced whole, as on a real API server.
 */
const mergeKeys: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  conditions: 'type',
  addresses: 'type',
  hostAliases: 'ip',
  podIPs: 'ip',
  ownerReferences: 'uid',
};
/** Primitive lists merged as sets (`patchStrategy:"merge"` without a key). */
const mergedPrimitiveLists = new Set(['finalizers']);

/** Container ports merge by containerPort, Service ports by port. */
function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  if (field === 'ports')
    return items.some((i) => isPlainObject(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  return mergeKeys[field];
}

function mergeList(field: string, original: unknown, patch: unknown[]): unknown[] {
  const base = Array.isArray(original) ? original : [];
  if (mergedPrimitiveLists.has(field)) return [...new Set([...base, ...patch])];
  const key = mergeKeyFor(field, [...base, ...patch]);
  if (!key || !patch.every(isPlainObject)) return structuredClone(patch);
  if (patch.some((p) => p.$patch === 'replace')) return patch.filter((p) => p.$patch !== 'replace');
  const out = [...base];
  for (const item of patch) {
    const index = out.findIndex((o) => isPlainObject(o) && o[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) {
      out[index] = applyStrategicMergePatch(out[index], item);
    } else {
      out.push(applyStrategicMergePatch({}, item));
    }
  }
  return out;
}

/**
 * Strategic merge patch for the common list fields (see `mergeKeys`), with the `$patch: delete|replace`,
 * `$deleteFromPrimitiveList/<field>` directives; `$setElementOrder/*` and `$retainKeys` are accepted and ignored.
 */
export function applyStrategicMergePatch(target: unknown, patch: Record<string, unknown>): unknown {
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return structuredClone(rest);
  }
  if (patch.$patch === 'delete') return {};
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const remove = new Set(Array.isArray(value) ? value : []);
      if (Array.isArray(out[field])) out[field] = (out[field] as unknown[]).filter((v) => !remove.has(v));
      continue;
    }
    if (key.startsWith('$')) continue;
    if (value === null) delete out[key];
    else if (Array.isArray(value)) out[key] = mergeList(key, out[key], value);
    else if (isPlainObject(value)) out[key] = applyStrategicMergePatch(out[key], value);
    else out[key] = value;
  }
  return out;
}
