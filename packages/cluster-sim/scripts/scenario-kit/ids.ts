import { createHash } from 'node:crypto';

/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no confusable digits). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function digest(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

/** A deterministic RFC 4122 v4-shaped uid derived from a seed, so regenerated scenarios are byte-identical. */
export function uidFor(seed: string): string {
  const h = digest(`uid:${seed}`).toString('hex');
  const variant = ((Number.parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A generated-name suffix (`-x2k4p`, pod-template-hash `6d8f7b9c4`) drawn from Kubernetes' safe alphabet. */
export function suffixFor(seed: string, length: number): string {
  const bytes = digest(`suffix:${seed}`);
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE_ALPHABET[(bytes[i] ?? 0) % SAFE_ALPHABET.length];
  return out;
}

/** Lower-case hex of the given length (container ids, image digests, boot ids). */
export function hexFor(seed: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += digest(`hex:${seed}:${i}`).toString('hex');
  return out.slice(0, length);
}

/** A monotonically increasing resourceVersion source shared by one scenario build. */
export function createResourceVersions(start = 1_204_000): () => string {
  let next = start;
  return () => {
    next += 7;
    return String(next);
  };
}
