import { randomUUID } from 'node:crypto';
import { KubeApiError, objectNotFound, qualifiedResource, resourceNotFound } from './errors.js';
import { isPlainObject, type KubeObject, type ObjectMeta, readPath } from './kube-object.js';
import { applyDefaults } from './object-defaults.js';
import { validateObject } from './object-validation.js';
import { applyPatch, type PatchType } from './patch.js';
import { apiVersionOf, type ResourceType, resourceTypeByKey, storedResourceTypes } from './resource-types.js';
import { Collection } from './store-collection.js';
import type { StoredEntry, WatchEvent } from './watch-hub.js';

export { WatchEvent, type WatchEventType } from './watch-hub.js';

/** Options of {@link ObjectStore.list}. */
export interface ListOptions {
  /** Only objects in this namespace; omit for all namespaces (and for cluster-scoped resources). */
  namespace?: string;
  /** `app=web,tier!=db,env in (a,b),!legacy` */
  labelSelector?: string;
  /** `spec.nodeName=n1,status.phase!=Running` (the fields the real API supports for the kind). */
  fieldSelector?: string;
  /** Page size; 0 or absent lists everything. */
  limit?: number;
  /** Token from a previous page's `continue`. */
  continue?: string;
}

/** One page of a list. */
export interface ListResult<T = KubeObject> {
  items: T[];
  /** The store's resourceVersion when the first page was taken. */
  resourceVersion: string;
  /** Present when more pages follow. */
  continue?: string;
  /** Objects after this page; only without selectors, as on the real API. */
  remainingItemCount?: number;
}

export interface WriteOptions {
  /** Validate and answer as if done, change nothing (`dryRun=All`). */
  dryRun?: boolean;
}

export interface CreateOptions extends WriteOptions {
  /**
   * Keep uid, creationTimestamp, generation and status as given (scenario loading). Without it the
   * store assigns them as the API server does and resets status (pods start `Pending`).
   */
  keepMetadata?: boolean;
}

export interface UpdateOptions extends WriteOptions {
  /** `status`: change only `.status`. Without it `.status` of kinds with a status subresource is kept. */
  subresource?: 'status';
}

export interface DeleteOptions extends WriteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Replay changes after this version; omitted or "0": current objects arrive first as ADDED. */
  resourceVersion?: string;
}

/**
 * In-memory Kubernetes object store. Resources are named by store key: the plural for the core group
 * (`pods`, `nodes`, `events`), `plural.group` otherwise (`deployments.apps`, `poddisruptionbudgets.policy`).
 * Namespace is ignored for cluster-scoped resources. Reads return fresh copies (the store keeps JSON
 * text, so nothing a caller does to a returned object reaches the store); `create` returns the object it
 * stored, which may share nested values with its input (bulk loads stay cheap). Errors are
 * {@link KubeApiError}s with the reason the API would answer (NotFound, AlreadyExists, Conflict, Invalid…).
 */
export interface ObjectStore {
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** The stored JSON text of an object (no parse: for serving). */
  getJson(resource: string, namespace: string | undefined, name: string): string | undefined;
  list(resource: string, options?: ListOptions): ListResult;
  /** Like `list`, with each item as its stored JSON text. */
  listJson(resource: string, options?: ListOptions): ListResult<string>;
  create(resource: string, obj: KubeObject, options?: CreateOptions): KubeObject;
  /** Replaces an object; a stale `metadata.resourceVersion` throws Conflict (409). */
  update(resource: string, obj: KubeObject, options?: UpdateOptions): KubeObject;
  patch(
    resource: string,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options?: UpdateOptions,
  ): KubeObject;
  /** Deletes and returns the object as last stored (deleting a namespace deletes its contents). */
  delete(resource: string, namespace: string | undefined, name: string, options?: DeleteOptions): KubeObject;
  /** Sets `.status` directly (pod phases, PDB status, node conditions). */
  setStatus(resource: string, namespace: string | undefined, name: string, status: unknown): KubeObject;
  /**
   * Watches a resource; the listener runs synchronously with each change. Returns the stop function.
   * @throws KubeApiError Expired (410) when `resourceVersion` is older than the kept history.
   */
  watch(resource: string, options: WatchOptions, listener: (event: WatchEvent) => void): () => void;
  /** The newest resourceVersion handed out. */
  resourceVersion(): string;
  /** Number of objects of a resource. */
  count(resource: string): number;
}

export interface ObjectStoreOptions {
  /** Source of creationTimestamp values; defaults to the system clock. */
  clock?: () => Date;
  /** Changes kept per resource for watch replay; default 10,000. */
  watchHistory?: number;
}

/** RFC 3339 with second precision, as Kubernetes writes metadata timestamps. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';
function randomSuffix(): string {
  let out = '';
  for (let i = 0; i < 5; i++) out += suffixAlphabet[Math.floor(Math.random() * suffixAlphabet.length)];
  return out;
}

/**
 * Creates an empty store holding every resource in `storedResourceTypes`.
 * @example
 * const store = createObjectStore();
 * store.create('pods', { metadata: { name: 'web', namespace: 'shop' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
 * store.list('pods', { namespace: 'shop', limit: 500 }).items;
 */
export function createObjectStore(options: ObjectStoreOptions = {}): ObjectStore {
  const clock = options.clock ?? (() => new Date());
  const collections = new Map<string, Collection>(
    storedResourceTypes.map((type) => [type.key, new Collection(type, options.watchHistory)]),
  );
  let revision = 0;

  function collection(resource: string): Collection {
    const found = collections.get(resource) ?? collections.get(resourceTypeByKey(resource)?.storageKey ?? '');
    if (!found) throw resourceNotFound();
    return found;
  }

  /** A free Service cluster IP in 10.0.0.0/16 (AKS's default service CIDR). */
  function allocateClusterIP(): string {
    const used = new Set(
      [...collection('services').entries.values()].map((e) => readPath(JSON.parse(e.json), 'spec.clusterIP')),
    );
    for (;;) {
      const ip = `10.0.${1 + Math.floor(Math.random() * 254)}.${1 + Math.floor(Math.random() * 254)}`;
      if (!used.has(ip)) return ip;
    }
  }

  function existing(col: Collection, namespace: string | undefined, name: string): StoredEntry {
    const entry = col.get(namespace, name);
    if (!entry) throw objectNotFound(col.type, name);
    return entry;
  }

  function remove(col: Collection, entry: StoredEntry): KubeObject {
    const obj = JSON.parse(entry.json) as KubeObject;
    obj.metadata.resourceVersion = String(++revision);
    col.remove(entry, col.toEntry(obj));
    return obj;
  }

  function normalizeMeta(type: ResourceType, obj: KubeObject): ObjectMeta {
    if (!isPlainObject(obj) || !isPlainObject(obj.metadata)) {
      throw new KubeApiError('BadRequest', `the ${type.kind} object must have a metadata object`);
    }
    const meta: ObjectMeta = { ...obj.metadata };
    if (type.namespaced) meta.namespace = meta.namespace || 'default';
    else delete meta.namespace;
    return meta;
  }

  function create(resource: string, obj: KubeObject, opts: CreateOptions = {}): KubeObject {
    const col = collection(resource);
    const type = col.type;
    const meta = normalizeMeta(type, obj);
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    let next: KubeObject = { ...obj, apiVersion: apiVersionOf(type), kind: type.kind, metadata: meta };
    if (!opts.keepMetadata) next = applyDefaults(type.key, next, allocateClusterIP);
    // Recorded scenario objects are taken as they are; client writes meet the API's spec rules.
    validateObject(type, next, { spec: !opts.keepMetadata });
    if (col.get(meta.namespace, meta.name as string)) {
      throw new KubeApiError('AlreadyExists', `${qualifiedResource(type)} "${meta.name}" already exists`, {
        name: meta.name,
        group: type.group || undefined,
        kind: type.plural,
      });
    }
    if (opts.keepMetadata) {
      meta.uid ??= randomUUID();
      meta.creationTimestamp ??= formatTimestamp(clock());
      if (type.hasGeneration) meta.generation ??= 1;
    } else {
      meta.uid = randomUUID();
      meta.creationTimestamp = formatTimestamp(clock());
      delete meta.deletionTimestamp;
      if (type.hasGeneration) meta.generation = 1;
      if (type.key === 'pods') next.status = { phase: 'Pending' };
      else if (type.subresources.includes('status')) delete next.status;
    }
    if (opts.dryRun) {
      delete meta.resourceVersion;
      return structuredClone(next);
    }
    meta.resourceVersion = String(++revision);
    const entry = col.toEntry(next);
    col.put(entry, undefined);
    return next;
  }

  function update(resource: string, obj: KubeObject, opts: UpdateOptions = {}): KubeObject {
    const col = collection(resource);
    const type = col.type;
    const meta = normalizeMeta(type, obj);
    const name = meta.name ?? '';
    const current = existing(col, meta.namespace, name);
    if (meta.resourceVersion && meta.resourceVersion !== String(current.resourceVersion)) {
      throw new KubeApiError(
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name, group: type.group || undefined, kind: type.plural },
      );
    }
    const old = JSON.parse(current.json) as KubeObject;
    let next: KubeObject;
    let specChanged = false;
    if (opts.subresource === 'status') {
      next = { ...old, status: obj.status };
    } else {
      next = {
        ...obj,
        apiVersion: apiVersionOf(type),
        kind: type.kind,
        metadata: { ...meta, uid: old.metadata.uid, creationTimestamp: old.metadata.creationTimestamp },
      };
      if (type.subresources.includes('status')) next.status = old.status;
      specChanged = JSON.stringify(next.spec) !== JSON.stringify(old.spec);
      if (type.hasGeneration)
        next.metadata.generation = (old.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    }
    // Spec rules apply to spec changes, so that relabelling a recorded object always works.
    validateObject(type, next, { spec: specChanged });
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (opts.dryRun || JSON.stringify(next) === current.json) return next;
    next.metadata.resourceVersion = String(++revision);
    col.put(col.toEntry(next), current);
    return structuredClone(next);
  }

  function patch(
    resource: string,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    body: unknown,
    opts: UpdateOptions = {},
  ): KubeObject {
    const col = collection(resource);
    const current = existing(col, namespace, name);
    const old = JSON.parse(current.json) as KubeObject;
    const patched = applyPatch(patchType, old, body);
    if (!isPlainObject(patched) || !isPlainObject(patched.metadata)) {
      throw new KubeApiError('Invalid', `${col.type.kind} "${name}" is invalid: metadata: Required value`);
    }
    const meta = patched.metadata as ObjectMeta;
    // A resourceVersion in the patch is a precondition; otherwise the patch applies to the current version.
    meta.resourceVersion ??= old.metadata.resourceVersion;
    meta.name = name;
    if (col.type.namespaced) meta.namespace = old.metadata.namespace;
    return update(resource, patched as KubeObject, opts);
  }

  function del(
    resource: string,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): KubeObject {
    const col = collection(resource);
    const entry = existing(col, namespace, name);
    const obj = JSON.parse(entry.json) as KubeObject;
    const pre = opts.preconditions ?? {};
    if (pre.uid && pre.uid !== obj.metadata.uid) {
      throw new KubeApiError(
        'Conflict',
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`,
      );
    }
    if (pre.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
      throw new KubeApiError(
        'Conflict',
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in meta: ${obj.metadata.resourceVersion}`,
      );
    }
    if (opts.dryRun) return obj;
    if (col.type.key === 'namespaces') {
      for (const other of collections.values()) {
        if (!other.type.namespaced) continue;
        for (const e of [...other.entries.values()]) if (e.namespace === name) remove(other, e);
      }
    }
    return remove(col, entry);
  }

  function page(resource: string, opts: ListOptions = {}): ListResult<StoredEntry> {
    return collection(resource).page(opts, revision);
  }

  return {
    get: (resource, namespace, name) => {
      const json = collection(resource).get(namespace, name)?.json;
      return json === undefined ? undefined : (JSON.parse(json) as KubeObject);
    },
    getJson: (resource, namespace, name) => collection(resource).get(namespace, name)?.json,
    list: (resource, opts) => {
      const result = page(resource, opts);
      return { ...result, items: result.items.map((e) => JSON.parse(e.json) as KubeObject) };
    },
    listJson: (resource, opts) => {
      const result = page(resource, opts);
      return { ...result, items: result.items.map((e) => e.json) };
    },
    create,
    update,
    patch,
    delete: del,
    setStatus: (resource, namespace, name, status) =>
      update(resource, { metadata: { name, namespace }, status }, { subresource: 'status' }),
    watch: (resource, opts, listener) => {
      const col = collection(resource);
      const since = opts.resourceVersion ? Number(opts.resourceVersion) : undefined;
      if (since !== undefined && !Number.isInteger(since)) {
        throw new KubeApiError('BadRequest', `invalid resource version: ${opts.resourceVersion}`);
      }
      return col.watch(opts, since, listener);
    },
    resourceVersion: () => String(revision),
    count: (resource) => collection(resource).entries.size,
  };
}
