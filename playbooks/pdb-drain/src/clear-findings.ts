import type { Evidence, Finding } from '@triage/core';
import type { DrainAssessment } from './assess-drain.js';
import { scopeKey } from './drain-scope.js';
import { budgetEvidence } from './evidence.js';
import { type Budget, budgetKey, objectKey } from './kube-views.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function allowingEvidence(a: DrainAssessment): Evidence[] {
  return a.allowing.map(({ budget, pods }) => {
    const allowed = budget.status.disruptionsAllowed;
    const serial =
      pods.length > allowed
        ? `; it covers ${pods.length} of the pods to evict, so the drain evicts them ${allowed} at a time, each after a replacement is Ready`
        : '';
    return {
      source: `PodDisruptionBudget/${budgetKey(budget)} .status`,
      text: `disruptionsAllowed ${allowed} (currentHealthy ${budget.status.currentHealthy}, desiredHealthy ${budget.status.desiredHealthy}, expectedPods ${budget.status.expectedPods}); covers ${pods.map((p) => objectKey(p.pod)).join(', ')}${serial}`,
    };
  });
}

function skippedEvidence(a: DrainAssessment): Evidence[] {
  const { skipped } = a.objects.candidates;
  if (skipped.length === 0) return [];
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  const label = { daemonset: 'DaemonSet', mirror: 'mirror (static)', terminated: 'finished' } as const;
  return [
    {
      source: 'kubectl drain --ignore-daemonsets rules',
      text: `skipped ${[...counts].map(([reason, n]) => `${n} ${label[reason as keyof typeof label]}`).join(', ')} ${skipped.length === 1 ? 'pod' : 'pods'}`,
    },
  ];
}

/** The one `ok` finding when nothing blocks: what a drain would evict and the budgets that allow it. */
export function nothingBlocksFinding(a: DrainAssessment): Finding {
  const { scope, candidates } = a.objects;
  const n = candidates.evict.length;
  const budgeted = a.checks.filter((c) => c.budgets.length > 0).length;
  const title =
    scope.kind === 'node'
      ? `A drain of ${scope.node} would evict ${plural(n, 'pod')}; no PodDisruptionBudget blocks it`
      : `No PodDisruptionBudget in namespace ${scope.namespace} blocks an eviction (${plural(n, 'pod')})`;
  const covered =
    budgeted === 1 ? 'the 1 pod a budget covers' : `each of the ${budgeted} pods a budget covers`;
  const how = a.verified
    ? `The API server accepted a dry-run eviction of ${covered}.`
    : `Predicted from the budgets' status for ${covered} (no dry-run access).`;
  return {
    severity: 'ok',
    title,
    detail: `${how} ${plural(n - budgeted, 'pod')} no budget covers can be evicted freely.`,
    subject: scopeKey(scope),
    evidence: [...allowingEvidence(a), ...skippedEvidence(a)],
  };
}

/** Beside blockers: the budgets that do allow their evictions (so nobody chases them). */
export function allowingFinding(a: DrainAssessment): Finding | undefined {
  if (a.allowing.length === 0) return undefined;
  const [first] = a.allowing;
  const title =
    a.allowing.length === 1 && first
      ? `PodDisruptionBudget ${budgetKey(first.budget)} allows its evictions (disruptionsAllowed ${first.budget.status.disruptionsAllowed})`
      : `${a.allowing.length} other PodDisruptionBudgets allow their evictions`;
  return {
    severity: 'ok',
    title,
    detail: `${a.allowing.length === 1 ? 'This budget is' : 'These budgets are'} not what holds the drain up.`,
    subject: scopeKey(a.objects.scope),
    evidence: allowingEvidence(a),
  };
}

/** A budget that selects no pod: harmless to a drain, but it protects nothing (a wrong selector). */
export function idleBudgetFinding(a: DrainAssessment, budget: Budget, text: string): Finding {
  return {
    severity: 'info',
    title: `PodDisruptionBudget ${budgetKey(budget)} matches no pods`,
    detail: text,
    subject: scopeKey(a.objects.scope),
    evidence: budgetEvidence(budget).slice(0, 2),
  };
}
