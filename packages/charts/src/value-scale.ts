/** What the values measure; bytes are shown in binary units, ratios as percent. */
export type ValueUnit = 'bytes' | 'bytes/s' | 'ratio' | 'percent' | 'cores' | 'count';

/** How to show values of a unit: divide by `divisor` and call the result `label`. */
export interface ValueScale {
  divisor: number;
  label: string;
}

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** The binary prefix that keeps `max` between 1 and 1024. */
function binary(max: number): { divisor: number; prefix: string } {
  let index = 0;
  while (index < BINARY.length - 1 && max >= 1024 ** (index + 1)) index += 1;
  return { divisor: 1024 ** index, prefix: BINARY[index] ?? 'B' };
}

/** The display scale for values of `unit` whose largest magnitude is `max`. */
export function scaleFor(unit: ValueUnit, max: number): ValueScale {
  switch (unit) {
    case 'bytes': {
      const { divisor, prefix } = binary(max);
      return { divisor, label: prefix };
    }
    case 'bytes/s': {
      const { divisor, prefix } = binary(max);
      return { divisor, label: `${prefix}/s` };
    }
    case 'ratio':
      return { divisor: 0.01, label: '%' };
    case 'percent':
      return { divisor: 1, label: '%' };
    case 'cores':
      return { divisor: 1, label: 'cores' };
    case 'count':
      return { divisor: 1, label: 'count' };
  }
}

/** `3.42 GiB`, `512 MiB`: a byte count in the binary unit that suits it, for evidence text. */
export function formatBytes(bytes: number): string {
  const { divisor, prefix } = binary(Math.abs(bytes));
  const value = bytes / divisor;
  return `${value >= 100 || prefix === 'B' ? value.toFixed(0) : value.toFixed(2)} ${prefix}`;
}
