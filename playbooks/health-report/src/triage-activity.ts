/** What Triage itself did for a cluster over the report's period. */
export interface TriageActivity {
  /** Firing alerts that reached an investigation (repeats inside the dedupe window not counted). */
  alertsReceived: number;
  /** Investigations opened in the period. */
  investigationsOpened: number;
  /** Investigations still open at the end of the period. */
  investigationsOpen: number;
  /** Alert names with the most alerts, most first (at most 5). */
  noisiest: { name: string; count: number }[];
}

/** Where a report gets Triage's own activity (the runner reads its Redis records). */
export interface ActivitySource {
  activity(cluster: string, since: Date, until: Date): Promise<TriageActivity>;
}
