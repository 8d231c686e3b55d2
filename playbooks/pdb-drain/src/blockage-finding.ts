import type { Finding, Remediation, RemediationChange } from '@triage/core';
import type { BlockingBudget, DrainAssessment, PodCheck } from './assess-drain.js';
import { describeRequirement } from './budget-explanation.js';
import { scopeKey } from './drain-scope.js';
import { budgetEvidence, eventEvidence, evictionEvidence, ownerEvidence, ownerSummary } from './evidence.js';
import { budgetKey, objectKey } from './kube-views.js';
import { patchCommand, type VerifiedProposal } from './remediation-proposals.js';

const MAX_PODS_SHOWN = 5;

export const NOTHING_CHANGED =
  'Triage changed nothing: these patches were at most sent with dryRun=All; applying one is a separate, authorised action.';

function podsPhrase(checks: readonly PodCheck[]): string {
  const [only] = checks;
  if (checks.length === 1 && only) return `pod ${objectKey(only.pod)}`;
  return `${checks.length} pods (${checks
    .slice(0, 3)
    .map((c) => objectKey(c.pod))
    .join(', ')}${checks.length > 3 ? ', …' : ''})`;
}

/** `replicas 1, minAvailable 1, disruptionsAllowed 0` */
function numbers(b: BlockingBudget): string {
  const [owner] = b.owners;
  const replicas =
    b.owners.length === 1 && owner?.replicas !== undefined ? `replicas ${owner.replicas}, ` : '';
  return `${replicas}${describeRequirement(b.budget)}, disruptionsAllowed ${b.budget.status.disruptionsAllowed}`;
}

function fixStep(fix: VerifiedProposal, verified: boolean): string {
  const check = fix.dryRun
    ? `dry-run: ${fix.dryRun.detail}`
    : verified
      ? 'dry-run: not sent'
      : 'not verified (no dry-run access)';
  return `${fix.summary}: \`${patchCommand(fix)}\` Trade-off: ${fix.tradeOff}. (${check})`;
}

function remediationChange(fix: VerifiedProposal): RemediationChange {
  const { summary, resource, name, namespace, patch } = fix;
  return { summary, resource, name, namespace, type: 'merge', patch };
}

/** The fixes as a remediation; `dryRun` carries the API server's verdict on all of them. */
export function fixesRemediation(
  fixes: readonly VerifiedProposal[],
  verified: boolean,
  fallback: string[],
): Remediation {
  if (fixes.length === 0) {
    return {
      summary: 'No patch alone unblocks this; change the budget or workload as below',
      steps: [...fallback, NOTHING_CHANGED],
    };
  }
  const accepted = fixes.filter((f) => f.dryRun?.ok);
  const summary = !verified
    ? `${fixes.length} possible fix${fixes.length === 1 ? '' : 'es'}, unverified: Triage runs without server-side dry-run access`
    : accepted.length === fixes.length
      ? `${fixes.length} fix${fixes.length === 1 ? '' : 'es'}, each accepted by the API server in a dry-run; pick one`
      : `${accepted.length} of ${fixes.length} fixes accepted by the API server in a dry-run`;
  const remediation: Remediation = {
    summary,
    steps: [...fixes.map((f) => fixStep(f, verified)), ...fallback, NOTHING_CHANGED],
  };
  if (verified) {
    remediation.dryRun = {
      ok: accepted.length === fixes.length,
      detail: fixes.map((f) => `${f.summary}: ${f.dryRun?.detail ?? 'not sent'}`).join('; '),
    };
    // Only the patches the API server accepted may be offered for applying from chat.
    if (accepted.length > 0) remediation.changes = accepted.map(remediationChange);
  }
  return remediation;
}

function selectorAdvice(b: BlockingBudget): string[] {
  if (!b.reasons.some((r) => r.code === 'several-controllers')) return [];
  return [
    `Give each controller its own budget: narrow the selector of ${budgetKey(b.budget)} to one workload's labels (kubectl -n ${b.budget.namespace} edit poddisruptionbudget ${b.budget.name}).`,
  ];
}

/**
 * The finding for a budget that refuses evictions the drain needs: which pods, why (in words and
 * numbers), the API's own answer, the owner's replicas, the drain's events and the checked fixes.
 * Critical when waiting cannot help (the spec or the workload must change), else warning.
 */
export function blockageFinding(a: DrainAssessment, b: BlockingBudget): Finding {
  const { scope } = a.objects;
  const lasting = b.reasons.some((r) => r.lasting);
  const cordoned = (a.objects.node?.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true;
  const where =
    scope.kind === 'namespace'
      ? `Evictions in namespace ${scope.namespace} (drains, upgrades, autoscaler scale-downs) are refused.`
      : cordoned
        ? `Node ${scope.node} is cordoned and its drain cannot finish: it retries these evictions until it times out.`
        : `Node ${scope.node} is not cordoned (no drain is running); a drain would retry these evictions until it times out.`;
  const answer = b.blocked.some((c) => c.eviction.source === 'api')
    ? 'The API server refused a dry-run eviction (dryRun=All).'
    : 'Predicted from the budget status: Triage has no dry-run access to ask the API server.';
  const detail = [
    ...b.reasons.map((r) => r.text),
    ...b.owners.slice(0, 3).map((o) => `Owner: ${ownerSummary(o)}.`),
    `${answer} ${where}`,
  ].join('\n');
  const shown = b.blocked.slice(0, MAX_PODS_SHOWN);
  return {
    severity: lasting ? 'critical' : 'warning',
    title: `PodDisruptionBudget ${budgetKey(b.budget)} blocks eviction of ${podsPhrase(b.blocked)} (${numbers(b)})`,
    detail,
    subject: scopeKey(scope),
    evidence: [
      ...budgetEvidence(b.budget),
      ...shown.map((c) => evictionEvidence(c.pod, c.eviction)),
      ...b.owners.slice(0, 3).map(ownerEvidence),
      ...eventEvidence(
        a.objects.events,
        shown.map((c) => c.pod),
      ),
    ],
    remediation: fixesRemediation(b.fixes, a.verified, selectorAdvice(b)),
  };
}

/** The finding for a pod covered by several budgets: the eviction API refuses it whatever their status. */
export function severalBudgetsFinding(a: DrainAssessment, check: PodCheck): Finding {
  const names = check.budgets.map(budgetKey);
  return {
    severity: 'critical',
    title: `Pod ${objectKey(check.pod)} is covered by ${names.length} PodDisruptionBudgets: its eviction is refused outright`,
    detail: `${names.join(' and ')} all select this pod. The eviction API supports one budget per pod and answers 500 for more, whatever the budgets allow, so no drain can evict it.`,
    subject: scopeKey(a.objects.scope),
    evidence: [
      evictionEvidence(check.pod, check.eviction),
      ...check.budgets.flatMap((b) => budgetEvidence(b).slice(0, 2)),
      ...eventEvidence(a.objects.events, [check.pod]),
    ],
    remediation: {
      summary:
        'Make exactly one budget select the pod (not verified by dry-run: it is a selector change or a deletion)',
      steps: [
        `Compare the selectors: kubectl -n ${check.pod.metadata.namespace} get poddisruptionbudget ${check.budgets.map((b) => b.name).join(' ')} -o yaml`,
        'Narrow one selector so it no longer matches this pod, or delete the duplicate budget.',
        NOTHING_CHANGED,
      ],
    },
  };
}

/** A refusal no budget we read explains (e.g. a budget created since, or a namespace we could not list). */
export function refusedFinding(a: DrainAssessment, check: PodCheck): Finding {
  return {
    severity: 'warning',
    title: `The API server refuses to evict pod ${objectKey(check.pod)}`,
    detail: 'No PodDisruptionBudget read in its namespace covers it; the API gave this answer.',
    subject: scopeKey(a.objects.scope),
    evidence: [evictionEvidence(check.pod, check.eviction)],
  };
}
