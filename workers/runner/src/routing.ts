import { type Playbook, type Signal, type Subject, subjectKey } from '@triage/core';
import type { RunnerConfig } from './runner-config.js';

/** One playbook to run for a signal, with its (not yet validated) params. */
export interface PlannedRun {
  playbook: string;
  params: Record<string, unknown>;
}

/** The playbook every unrouted signal gets: the subject's state and events. */
export const FALLBACK_PLAYBOOK = 'describe';

/** The playbook every Azure Monitor log search alert also gets: it re-runs the alert's own query. */
export const LOG_SEARCH_PLAYBOOK = 'container-logs';

/**
 * Adds the log search playbook to the runs of an Azure Monitor alert that carries its query
 * (annotation `searchQuery`, set by the gateway), whatever its rule name, unless it is planned already
 * or not registered.
 */
function withLogSearch(
  runs: PlannedRun[],
  signal: Signal,
  subject: Subject,
  playbooks: readonly Playbook[],
): PlannedRun[] {
  const isLogSearch = signal.source === 'azure-monitor' && Boolean(signal.annotations.searchQuery);
  if (!isLogSearch || runs.some((r) => r.playbook === LOG_SEARCH_PLAYBOOK)) return runs;
  if (!playbooks.some((p) => p.name === LOG_SEARCH_PLAYBOOK)) return runs;
  return [...runs, { playbook: LOG_SEARCH_PLAYBOOK, params: { subject: subjectKey(subject) } }];
}

/**
 * Chooses the playbooks for a signal about `subject`: the one a command names; else the
 * configured routes for its alert name; else every playbook whose trigger names it; else `describe`.
 * A log search alert also re-runs its query (`container-logs`).
 */
export function planRuns(
  signal: Signal,
  subject: Subject,
  playbooks: readonly Playbook[],
  routes: RunnerConfig['routes'],
): PlannedRun[] {
  if (signal.playbook) return [{ playbook: signal.playbook, params: { ...signal.params } }];
  const subjectParam = { subject: subjectKey(subject) };
  const configured = routes.filter((r) => r.alertnames.includes(signal.name));
  if (configured.length > 0)
    return withLogSearch(
      configured.flatMap((r) =>
        r.playbooks.map((playbook) => ({ playbook, params: { ...subjectParam, ...r.params } })),
      ),
      signal,
      subject,
      playbooks,
    );
  const triggered = playbooks.flatMap((p) =>
    p.triggers
      .filter((t) => t.names.includes(signal.name))
      .map((t) => t.params(signal, subject))
      .filter((params) => params !== undefined)
      .map((params) => ({ playbook: p.name, params })),
  );
  const runs = triggered.length > 0 ? triggered : [{ playbook: FALLBACK_PLAYBOOK, params: subjectParam }];
  return withLogSearch(runs, signal, subject, playbooks);
}
