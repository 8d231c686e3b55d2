/** Deterministic building blocks of the large-cluster generator: PRNG, names, ids, timestamps. */

/** A JSON sub-object (containers, owner references, involvedObject…). */
export type Json = Record<string, unknown>;

/** When the generated cluster's nodes and controllers were created. */
export const CREATED = '2025-02-27T06:41:12Z';

/** mulberry32: small, fast, deterministic. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Kubernetes' alphabet for generated name suffixes. */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

export function word(random: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += SAFE[Math.floor(random() * SAFE.length)];
  return s;
}

const SUFFIX_SPACE = 27 ** 5;

/**
 * The `index`-th 5-letter name suffix of a family: a bijection of the index (the multiplier is prime to
 * 27^5), so suffixes never collide within a family, yet look random.
 */
export function suffixAt(index: number, salt: number): string {
  let value = (index * 7_368_787 + salt) % SUFFIX_SPACE;
  let s = '';
  for (let i = 0; i < 5; i++) {
    s += SAFE[value % SAFE.length];
    value = Math.floor(value / SAFE.length);
  }
  return s;
}

/** A random salt for {@link suffixAt}. */
export function suffixSalt(random: () => number): number {
  return Math.floor(random() * SUFFIX_SPACE);
}

export function hex(random: () => number, length: number): string {
  let s = '';
  while (s.length < length)
    s += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return s.slice(0, length);
}

export function uid(random: () => number): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** RFC 3339 in whole seconds, as the API server prints metav1.Time. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Deep-freezes shared sub-objects so no consumer can change one pod through another. */
export function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}
