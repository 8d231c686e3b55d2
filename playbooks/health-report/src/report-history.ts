/** The item keys of one earlier report, and when it ran. */
export interface PreviousReport {
  /** ISO 8601 time of the report (the schedule's tick, so a retried run keeps it). */
  at: string;
  items: string[];
}

/**
 * Where reports remember what they listed, per scope (`<cluster>:<schedule>`). The runner keeps it
 * in Redis; tests pass an in-memory one. Saving the same `at` twice overwrites, so a retried run
 * does not compare with itself.
 */
export interface ReportHistory {
  /** The latest report of the scope that ran before `before`; undefined for the first report. */
  previous(scope: string, before: Date): Promise<PreviousReport | undefined>;
  save(scope: string, report: PreviousReport): Promise<void>;
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
