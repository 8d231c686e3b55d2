/**
 * A set of string keys kept in sorted order for page-by-page range scans.
 *
 * Bulk loads (a scenario, a 500,000-event cluster) append to a pending batch that is sorted and merged
 * once on the next read, so loading stays O(n log n) instead of O(n²) splices; single writes during a
 * test are merged the same way, cheaply.
 */
export class SortedKeySet {
  private sorted: string[] = [];
  private pending: string[] = [];
  private pendingSet = new Set<string>();

  /** Adds a key the caller knows is absent. */
  add(key: string): void {
    this.pending.push(key);
    this.pendingSet.add(key);
  }

  /** Removes a key if present. */
  delete(key: string): void {
    if (this.pendingSet.delete(key)) {
      this.pending.splice(this.pending.indexOf(key), 1);
      return;
    }
    const i = lowerBound(this.sorted, key);
    if (this.sorted[i] === key) this.sorted.splice(i, 1);
  }

  get size(): number {
    return this.sorted.length + this.pending.length;
  }

  /** The sorted keys (settles pending adds first). Callers must not mutate the array. */
  view(): readonly string[] {
    if (this.pending.length > 0) this.settle();
    return this.sorted;
  }

  private settle(): void {
    const batch = this.pending.sort(compareKeys);
    if (batch.length <= smallBatch) {
      // A few writes since the last read: in-place inserts (a memmove) beat rebuilding a 500,000-key array.
      for (const key of batch) this.sorted.splice(lowerBound(this.sorted, key), 0, key);
      this.pending = [];
      this.pendingSet.clear();
      return;
    }
    const merged = new Array<string>(this.sorted.length + batch.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < this.sorted.length && j < batch.length) {
      merged[k++] =
        (this.sorted[i] as string) < (batch[j] as string)
          ? (this.sorted[i++] as string)
          : (batch[j++] as string);
    }
    while (i < this.sorted.length) merged[k++] = this.sorted[i++] as string;
    while (j < batch.length) merged[k++] = batch[j++] as string;
    this.sorted = merged;
    this.pending = [];
    this.pendingSet.clear();
  }
}

/** Up to this many pending keys are inserted one by one; more are sorted and merged in one pass. */
const smallBatch = 64;

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Index of the first element >= key in a sorted array (array length when none). */
export function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > key in a sorted array. */
export function upperBound(sorted: readonly string[], key: string): number {
  const i = lowerBound(sorted, key);
  return sorted[i] === key ? i + 1 : i;
}
