import { QUANTITY_MULTIPLIERS } from '@triage/playbook-windows-logs';

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
