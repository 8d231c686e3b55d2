import { KubeApiError } from './errors.js';
import { extractFieldValues, matchesFieldRequirements, parseFieldSelector } from './field-selector.js';
import type { KubeObject } from './kube-object.js';
import { compileLabelSelector } from './label-selector.js';
import type { ListOptions, ListResult } from './object-store.js';
import type { ResourceType } from './resource-types.js';
import { lowerBound, SortedKeySet, upperBound } from './sorted-key-set.js';
import { type StoredEntry, type WatchEvent, type WatchFilter, WatchHub } from './watch-hub.js';

/** Fields with an index, so that a node's pods and an object's events list without a scan. */
const indexedFields: Record<string, readonly string[]> = {
  pods: ['spec.nodeName'],
  events: ['involvedObject.name'],
};

function encodeContinue(rv: string, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(rv), start })).toString('base64url');
}

function decodeContinue(token: string): { rv: string; start: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      rv?: unknown;
      start?: unknown;
    };
    if (typeof parsed.rv === 'number' && typeof parsed.start === 'string') {
      return { rv: String(parsed.rv), start: parsed.start };
    }
  } catch {
    // falls through to the error below
  }
  throw new KubeApiError(
    'BadRequest',
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

/**
 * The objects of one resource: entries by key (`<namespace>/<name>`, or the name when cluster-scoped),
 * a sorted key index for paging, value indexes for the hot field selectors, and the watch hub.
 */
export class Collection {
  readonly entries = new Map<string, StoredEntry>();
  readonly hub: WatchHub;
  private readonly keys = new SortedKeySet();
  private readonly indexes: Map<string, Map<string, Set<string>>>;

  constructor(
    readonly type: ResourceType,
    watchHistory?: number,
  ) {
    this.hub = new WatchHub(watchHistory);
    this.indexes = new Map((indexedFields[type.key] ?? []).map((field) => [field, new Map()]));
  }

  keyOf(namespace: string | undefined, name: string): string {
    return this.type.namespaced ? `${namespace ?? ''}/${name}` : name;
  }

  get(namespace: string | undefined, name: string): StoredEntry | undefined {
    return this.entries.get(this.keyOf(namespace, name));
  }

  /** Serializes an object (whose metadata the store has completed) into an entry. */
  toEntry(obj: KubeObject): StoredEntry {
    const meta = obj.metadata;
    const name = meta.name as string;
    const namespace = this.type.namespaced ? (meta.namespace as string) : '';
    return {
      key: this.keyOf(namespace, name),
      namespace,
      name,
      json: JSON.stringify(obj),
      labels: meta.labels,
      fields: extractFieldValues(this.type.storageKey, obj),
      resourceVersion: Number(meta.resourceVersion),
    };
  }

  /** Stores a new or replacing entry and notifies watchers (ADDED or MODIFIED). */
  put(entry: StoredEntry, previous: StoredEntry | undefined): void {
    if (previous) this.reindex(previous, false);
    else this.keys.add(entry.key);
    this.entries.set(entry.key, entry);
    this.reindex(entry, true);
    this.hub.publish({ type: previous ? 'MODIFIED' : 'ADDED', entry, previous });
  }

  /** Removes an entry and notifies watchers with its final form (`deleted`, carrying the deletion's version). */
  remove(entry: StoredEntry, deleted: StoredEntry): void {
    this.entries.delete(entry.key);
    this.keys.delete(entry.key);
    this.reindex(entry, false);
    this.hub.publish({ type: 'DELETED', entry: deleted });
  }

  private reindex(entry: StoredEntry, add: boolean): void {
    for (const [field, byValue] of this.indexes) {
      const value = entry.fields[field] ?? '';
      let keys = byValue.get(value);
      if (add) {
        if (!keys) {
          keys = new Set();
          byValue.set(value, keys);
        }
        keys.add(entry.key);
      } else if (keys) {
        keys.delete(entry.key);
        if (keys.size === 0) byValue.delete(value);
      }
    }
  }

  /**
   * One page in key order, resuming after the continue token's key. Scans only the namespace's key
   * range, or an index's keys when the field selector pins an indexed field; never copies or sorts the
   * whole collection.
   */
  page(opts: ListOptions, revision: number): ListResult<StoredEntry> {
    const labels = compileLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(this.type.storageKey, opts.fieldSelector);
    const { rv, start } = opts.continue
      ? decodeContinue(opts.continue)
      : { rv: String(revision), start: undefined };
    const indexed = fields.find((f) => f.op === '=' && this.indexes.has(f.field));
    const keys = indexed
      ? [...(this.indexes.get(indexed.field)?.get(indexed.value) ?? [])].sort()
      : this.keys.view();
    const namespace = this.type.namespaced ? opts.namespace : undefined;
    // Keys are "<namespace>/<name>" and '0' follows '/', so one namespace is the range ["ns/", "ns0").
    let i = namespace ? lowerBound(keys, `${namespace}/`) : 0;
    const end = namespace ? lowerBound(keys, `${namespace}0`) : keys.length;
    if (start !== undefined) i = Math.max(i, upperBound(keys, start));
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Number.POSITIVE_INFINITY;
    const items: StoredEntry[] = [];
    for (; i < end && items.length < limit; i++) {
      const entry = this.entries.get(keys[i] as string);
      if (
        entry &&
        labels(entry.labels) &&
        matchesFieldRequirements(fields, entry.name, entry.namespace, entry.fields)
      ) {
        items.push(entry);
      }
    }
    const result: ListResult<StoredEntry> = { items, resourceVersion: rv };
    const last = items.at(-1);
    if (i < end && last) {
      result.continue = encodeContinue(rv, last.key);
      if (!opts.labelSelector && fields.length === 0) result.remainingItemCount = end - i;
    }
    return result;
  }

  /** Starts a watch (see WatchHub.subscribe). */
  watch(
    opts: { namespace?: string; labelSelector?: string; fieldSelector?: string },
    since: number | undefined,
    listener: (event: WatchEvent) => void,
  ): () => void {
    const filter: WatchFilter = {
      namespace: this.type.namespaced ? opts.namespace : undefined,
      labels: compileLabelSelector(opts.labelSelector),
      fields: parseFieldSelector(this.type.storageKey, opts.fieldSelector),
    };
    return this.hub.subscribe(filter, since, () => this.entries.values(), listener);
  }
}
