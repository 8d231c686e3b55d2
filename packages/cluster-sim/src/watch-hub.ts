import { KubeApiError } from './errors.js';
import { type FieldRequirement, type FieldValues, matchesFieldRequirements } from './field-selector.js';
import type { KubeObject } from './kube-object.js';
import type { LabelMatcher } from './label-selector.js';

/** What the store keeps per object; the JSON text is the source of truth (compact, copy-free reads). */
export interface StoredEntry {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly json: string;
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly fields: FieldValues;
  readonly resourceVersion: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One watch notification. `json` is the serialized object; `object` parses it on first use. */
export class WatchEvent {
  private parsed: KubeObject | undefined;
  constructor(
    readonly type: WatchEventType,
    readonly json: string,
  ) {}
  get object(): KubeObject {
    this.parsed ??= JSON.parse(this.json) as KubeObject;
    return this.parsed;
  }
}

/** Which objects a watcher wants. */
export interface WatchFilter {
  namespace?: string;
  labels: LabelMatcher;
  fields: readonly FieldRequirement[];
}

interface Change {
  type: WatchEventType;
  entry: StoredEntry;
  previous?: StoredEntry;
}

interface Watcher {
  filter: WatchFilter;
  listener: (event: WatchEvent) => void;
}

function matches(filter: WatchFilter, entry: StoredEntry): boolean {
  if (filter.namespace && entry.namespace !== filter.namespace) return false;
  return (
    filter.labels(entry.labels) &&
    matchesFieldRequirements(filter.fields, entry.name, entry.namespace, entry.fields)
  );
}

/** The event a watcher sees for a change, given its filter (objects moving out of a selection read as DELETED). */
function eventFor(filter: WatchFilter, change: Change): WatchEvent | undefined {
  const now = matches(filter, change.entry);
  if (change.type !== 'MODIFIED') return now ? new WatchEvent(change.type, change.entry.json) : undefined;
  const before = change.previous !== undefined && matches(filter, change.previous);
  if (now) return new WatchEvent(before ? 'MODIFIED' : 'ADDED', change.entry.json);
  return before ? new WatchEvent('DELETED', change.entry.json) : undefined;
}

/** Watchers and a bounded history of recent changes of one resource, for replay from a resourceVersion. */
export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  private history: Change[] = [];
  /** resourceVersion of the newest change no longer in the history (0: nothing dropped). */
  private droppedThrough = 0;

  constructor(private readonly capacity = 10_000) {}

  publish(change: Change): void {
    this.history.push(change);
    if (this.history.length > this.capacity * 2) {
      const dropped = this.history.splice(0, this.history.length - this.capacity);
      this.droppedThrough = (dropped.at(-1) as Change).entry.resourceVersion;
    }
    for (const w of this.watchers) {
      const event = eventFor(w.filter, change);
      if (event) w.listener(event);
    }
  }

  /**
   * Starts a watch. Without a resourceVersion (or "0") the current objects arrive first as ADDED;
   * with one, the changes after it are replayed. Returns the function that stops the watch.
   * @throws KubeApiError Expired (410) when the resourceVersion is older than the kept history.
   */
  subscribe(
    filter: WatchFilter,
    sinceResourceVersion: number | undefined,
    current: () => Iterable<StoredEntry>,
    listener: (event: WatchEvent) => void,
  ): () => void {
    if (sinceResourceVersion === undefined || sinceResourceVersion === 0) {
      for (const entry of current())
        if (matches(filter, entry)) listener(new WatchEvent('ADDED', entry.json));
    } else {
      if (sinceResourceVersion < this.droppedThrough) {
        throw new KubeApiError(
          'Expired',
          `too old resource version: ${sinceResourceVersion} (${this.droppedThrough})`,
        );
      }
      for (const change of this.history) {
        if (change.entry.resourceVersion <= sinceResourceVersion) continue;
        const event = eventFor(filter, change);
        if (event) listener(event);
      }
    }
    const watcher: Watcher = { filter, listener };
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }
}
