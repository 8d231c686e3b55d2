import { createHash } from 'node:crypto';

/** The item keys of one earlier report, and when it ran. */
export interface PreviousReport {
  /** ISO 8601 time of the report (the schedule's tick, so a retried run keeps it). */
  at: string;
  items: string[];
}

/**
 * Where reports remember what they listed, per scope (a chain of reports, see reportScopes). The runner keeps it
 * in Redis; tests pass an in-memory one. Saving the same `at` twice overwrites, so a retried run
 * does not compare with itself.
 */
export interface ReportHistory {
  /** The latest report of the scope that ran before `before`; undefined for the first report. */
  previous(scope: string, before: Date): Promise<PreviousReport | undefined>;
  save(scope: string, report: PreviousReport): Promise<void>;
}

/** The schedule name of a report asked for on demand (`/triage report`, `triage run health-report`). */
export const ON_DEMAND = 'on-demand';

/** Which chain of earlier reports a report compares with, and the chains it is saved in. */
export interface ReportScopes {
  compareWith: string;
  saveTo: string[];
}

/**
 * The chain of every report of the cluster over the same namespaces, scheduled or on demand. `@` is
 * not allowed in schedule ids, so no schedule's chain can take its name.
 */
function clusterChain(cluster: string, namespaces: readonly string[] | undefined): string {
  if (!namespaces) return `${cluster}:@latest`;
  const digest = createHash('sha256')
    .update([...new Set(namespaces)].sort().join(','))
    .digest('hex')
    .slice(0, 12);
  return `${cluster}:@latest:${digest}`;
}

/**
 * Where a report looks for its previous report and where it is remembered. A scheduled report
 * compares with the previous report of its own schedule (`<cluster>:<schedule>`: a report asked for
 * in between takes nothing from it) and is saved there and in the cluster's chain. An on-demand
 * report compares with the cluster's chain, the newest earlier report of the cluster over the same
 * namespaces (`<cluster>:@latest`, or `<cluster>:@latest:<digest of the namespaces>`), scheduled or
 * not, and is saved only there. Reports over other namespaces are not compared: they list other
 * things.
 */
export function reportScopes(
  cluster: string,
  schedule: string,
  namespaces: readonly string[] | undefined,
): ReportScopes {
  const chain = clusterChain(cluster, namespaces);
  if (schedule === ON_DEMAND) return { compareWith: chain, saveTo: [chain] };
  const own = `${cluster}:${schedule}`;
  return { compareWith: own, saveTo: [own, chain] };
}

/** How the current items relate to the previous report's. */
export interface ReportComparison {
  /** Keys not in the previous report. */
  added: Set<string>;
  /** Keys in both. */
  stillOpen: Set<string>;
  /** Keys of the previous report that are gone now. */
  resolved: string[];
}

/** Compares the current item keys with the previous report's (undefined: everything is new). */
export function compareReports(
  current: readonly string[],
  previous: PreviousReport | undefined,
): ReportComparison {
  const before = new Set(previous?.items ?? []);
  const now = new Set(current);
  return {
    added: new Set(current.filter((k) => !before.has(k))),
    stillOpen: new Set(current.filter((k) => before.has(k))),
    resolved: [...before].filter((k) => !now.has(k)).sort(),
  };
}

/** A history that keeps reports in memory (the CLI within one process, tests). */
export function createMemoryReportHistory(): ReportHistory {
  const reports = new Map<string, PreviousReport[]>();
  return {
    async previous(scope, before) {
      const earlier = (reports.get(scope) ?? []).filter((r) => Date.parse(r.at) < before.getTime());
      return earlier.sort((a, b) => b.at.localeCompare(a.at))[0];
    },
    async save(scope, report) {
      const others = (reports.get(scope) ?? []).filter((r) => r.at !== report.at);
      reports.set(scope, [...others, report]);
    },
  };
}
