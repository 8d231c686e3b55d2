// Kubernetes resource.Quantity: a decimal number with an optional binary (Ki…Ei), decimal (n…E)
// or exponent (e3) suffix. https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** What each Quantity suffix multiplies by. */
export const QUANTITY_MULTIPLIERS: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/**
 * A quantity in base units (bytes, cores) as a float; undefined when it is not a (finite) quantity.
 *
 * @example parseQuantity('512Mi') // 536870912
 * @example parseQuantity('250m') // 0.25
 */
export function parseQuantity(quantity: string | undefined): number | undefined {
  const match = quantity === undefined ? null : QUANTITY.exec(quantity.trim());
  if (!match) return undefined;
  const [, number = '', exponent, suffix] = match;
  const value = exponent
    ? Number(`${number}${exponent}`)
    : Number(number) * (suffix ? (QUANTITY_MULTIPLIERS[suffix] ?? 1) : 1);
  return Number.isFinite(value) ? value : undefined;
}

/** Bytes in the largest binary unit that keeps a number ≥ 1: `3.4Gi`, `512Mi`, `900Ki`. */
export function formatBytes(bytes: number): string {
  const units = ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const;
  for (const unit of units) {
    const size = QUANTITY_MULTIPLIERS[unit] ?? 1;
    if (Math.abs(bytes) >= size) return `${trimNumber(bytes / size)}${unit}`;
  }
  return `${Math.round(bytes)}B`;
}

/** Cores as kubectl prints them: whole cores plainly, fractions in millicores (`250m`). */
export function formatCores(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

function trimNumber(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Number(value.toFixed(1)));
}
