const suffixes: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/**
 * A Kubernetes resource quantity (`250m`, `1.5`, `128Mi`, `1e3`) in base units (cores, bytes);
 * undefined when it is not one.
 */
export function parseQuantity(quantity: string | undefined): number | undefined {
  const match = quantity?.trim().match(/^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|([a-zA-Z]{0,2}))$/);
  if (!match) return undefined;
  const [, number, exponent, suffix = ''] = match;
  const base = Number(`${number}${exponent ?? ''}`);
  const factor = suffixes[suffix];
  return factor === undefined ? undefined : base * factor;
}

/** Bytes in the binary unit kubectl would print, e.g. `1.5Gi`. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))}${unit}`;
  }
  return `${bytes}`;
}

/** Cores as millicores, e.g. `1250m`. */
export function formatCpu(cores: number): string {
  return `${Math.round(cores * 1000)}m`;
}
