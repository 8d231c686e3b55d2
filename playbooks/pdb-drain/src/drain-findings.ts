import type { Finding } from '@triage/core';
import type { DrainAssessment } from './assess-drain.js';
import { blockageFinding, refusedFinding, severalBudgetsFinding } from './blockage-finding.js';
import { allowingFinding, idleBudgetFinding, nothingBlocksFinding } from './clear-findings.js';

/**
 * Findings, blockers first (critical before warning), then the budgets that allow their
 * evictions and those that match nothing; a scope with no blocker gets one `ok` finding.
 */
export function drainFindings(a: DrainAssessment): Finding[] {
  const blockers = [
    ...a.severalBudgets.map((c) => severalBudgetsFinding(a, c)),
    ...a.blocking.map((b) => blockageFinding(a, b)),
    ...a.otherRefusals.map((c) => refusedFinding(a, c)),
  ].sort((x, y) => Number(x.severity !== 'critical') - Number(y.severity !== 'critical'));
  const idle = a.idle.map(({ budget, reasons }) =>
    idleBudgetFinding(a, budget, reasons.map((r) => r.text).join(' ')),
  );
  if (blockers.length === 0) return [nothingBlocksFinding(a), ...idle];
  const allowing = allowingFinding(a);
  return [...blockers, ...(allowing ? [allowing] : []), ...idle];
}
