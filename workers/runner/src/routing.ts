import { type Playbook, type Signal, type Subject, subjectKey } from '@triage/core';
import type { RunnerConfig } from './runner-config.js';

/** One playbook to run for a signal, with its (not yet validated) params. */
export interface PlannedRun {
  playbook: string;
  params: Record<string, unknown>;
}

/** The playbook every unrouted signal gets: the subject's state and events. */
export const FALLBACK_PLAYBOOK = 'describe';

/**
 * Chooses the playbooks for a signal about `subject`: the one a command names; else the
 * configured routes for its alert name; else every playbook whose trigger names it; else `describe`.
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
    return configured.flatMap((r) =>
      r.playbooks.map((playbook) => ({ playbook, params: { ...subjectParam, ...r.params } })),
    );
  const triggered = playbooks.flatMap((p) =>
    p.triggers
      .filter((t) => t.names.includes(signal.name))
      .map((t) => t.params(signal, subject))
      .filter((params) => params !== undefined)
      .map((params) => ({ playbook: p.name, params })),
  );
  return triggered.length > 0 ? triggered : [{ playbook: FALLBACK_PLAYBOOK, params: subjectParam }];
}
