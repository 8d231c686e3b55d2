import { type Evidence, type Finding, type Severity, severityOrder } from '@triage/core';
import type { PodView } from './kube-shapes.js';
import { type PodProblem, podLabel, podProblems } from './pod-problems.js';

/** The most urgent of `severities` (`ok` when there are none). */
export function worstSeverity(severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>(
    (worst, s) => (severityOrder.indexOf(s) < severityOrder.indexOf(worst) ? s : worst),
    'ok',
  );
}

/** Pods that have problems, with them. */
export function troubledPods(
  pods: readonly PodView[],
  now: Date,
): { pod: PodView; problems: PodProblem[] }[] {
  return pods.map((pod) => ({ pod, problems: podProblems(pod, now) })).filter((p) => p.problems.length > 0);
}

/**
 * One finding summarising the problems of many pods: counts by reason in the title, one
 * evidence line per pod (at most `max`, then "and K more"), and the distinct next steps.
 * Undefined when no pod has a problem.
 *
 * @param where how the pods are described, e.g. `on node aks-np1-0`, `of Deployment shop/web`.
 */
export function podsFinding(
  key: string,
  where: string,
  pods: readonly PodView[],
  now: Date,
  max: number,
): Finding | undefined {
  const troubled = troubledPods(pods, now);
  if (troubled.length === 0) return undefined;
  const all = troubled.flatMap((p) => p.problems);
  const byReason = new Map<string, number>();
  for (const { problems } of troubled) {
    for (const reason of new Set(problems.map((p) => p.reason)))
      byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  const counts = [...byReason].map(([reason, n]) => `${n} ${reason}`).join(', ');
  const evidence: Evidence[] = troubled.slice(0, max).map(({ pod, problems }) => ({
    source: `Pod/${podLabel(pod)}`,
    text: problems.map((p) => p.text).join('; '),
  }));
  if (troubled.length > max) evidence.push({ source: 'Pods', text: `and ${troubled.length - max} more` });
  const hints = [...new Set(all.flatMap((p) => (p.hint ? [p.hint] : [])))];
  return {
    severity: worstSeverity(all.map((p) => p.severity)),
    title: `${troubled.length} of ${pods.length} pods ${where} have problems: ${counts}`,
    detail: `Pods that are not Running and Ready, by reason: ${counts}.`,
    subject: key,
    evidence,
    ...(hints.length > 0 && {
      remediation: { summary: 'Start with the most frequent reason.', steps: hints },
    }),
  };
}
