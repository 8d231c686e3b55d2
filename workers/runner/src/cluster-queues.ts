import type { Signal } from '@triage/core';

/** The queue of one cluster's jobs: `triage-intake@prod`, `triage-runs@prod`. */
export function clusterQueueName(base: string, cluster: string): string {
  return `${base}@${cluster}`;
}

/** Splits a batch into this cluster's signals and, per other cluster, theirs (in order). */
export function splitByCluster(
  signals: readonly Signal[],
  own: string,
): { own: Signal[]; others: Map<string, Signal[]> } {
  const others = new Map<string, Signal[]>();
  const mine: Signal[] = [];
  for (const signal of signals) {
    if (signal.cluster === own) mine.push(signal);
    else others.set(signal.cluster, [...(others.get(signal.cluster) ?? []), signal]);
  }
  return { own: mine, others };
}
