import { escapeMrkdwn, patchCommand } from '@triage/chat';
import type { Logger, RemediationChange, Signal } from '@triage/core';
import type { FixStore } from './fix-store.js';
import type { InvestigationStore } from './investigation-store.js';
import type { ThreadPoster } from './thread-poster.js';

/** Name of the Slack signal (Apply fix button) that applies stored fix `params.fix` of `params.investigation`. */
export const APPLY_FIX_SIGNAL_NAME = 'triage apply-fix';

/** What became of one change (the shape of @triage/kube's `KubePatcher.apply`). */
export interface ChangeResult {
  applied: boolean;
  /** `dry-run`: refused before anything was written; `apply`: the real write was sent. */
  stage: 'dry-run' | 'apply';
  status: number;
  message: string;
  causes?: string[];
}

/** Applies one change, after a fresh dry-run passed (@triage/kube's `createKubePatcher`). */
export interface ChangeApplier {
  apply(change: RemediationChange): Promise<ChangeResult>;
}

/** How an applied or refused fix is written to the gateway's audit trail (the shape of its `AuditEntry`). */
export interface FixAuditEntry {
  at: string;
  user: string;
  channel: string;
  via: 'button';
  action: 'apply-fix';
  params: Record<string, unknown>;
  cluster: string;
  outcome: 'done' | 'failed';
  detail: string;
}

export interface FixApplierDeps {
  store: InvestigationStore;
  fixes: FixStore;
  poster: ThreadPoster;
  /** Absent in read-only installs: the thread then says the change must be applied by hand. */
  applier?: ChangeApplier;
  /** The audit trail (`triage audit`): the press was audited as queued; this records how it ended. */
  audit?: { record(entry: FixAuditEntry): Promise<void> };
  clock: () => Date;
  log: Logger;
}

/** What became of an Apply fix signal. */
export type FixOutcome = 'fix-applied' | 'fix-refused' | 'unmatched-fix';

/**
 * Handles an Apply fix press the gateway authorized: looks the change up by its reference (the button
 * never carries the patch), applies it through the applier (which repeats the dry-run first and writes
 * nothing when that fails) and says in the investigation's thread what happened, once per press.
 */
export function createFixApplier(deps: FixApplierDeps) {
  return async function applyFix(signal: Signal): Promise<FixOutcome> {
    const { investigation: id, fix: ref } = signal.params ?? {};
    const investigation = typeof id === 'string' ? await deps.store.get(id) : undefined;
    if (!investigation || investigation.cluster !== signal.cluster) return 'unmatched-fix';
    const who = signal.requestedBy ? `<@${signal.requestedBy}>` : 'someone';
    const say = (text: string) => deps.poster.replyOnce(investigation, `apply:${signal.key}`, { text });
    const change = typeof ref === 'string' ? await deps.fixes.get(investigation.id, ref) : undefined;
    if (!change) {
      await say(
        `:warning: ${who} pressed Apply fix, but that fix is no longer on record (fixes are kept 14 days). Nothing was changed; rerun the playbook for fresh fixes.`,
      );
      return 'unmatched-fix';
    }
    const what = `${escapeMrkdwn(change.summary)}\n\`${escapeMrkdwn(patchCommand(change))}\``;
    const audit = (outcome: FixAuditEntry['outcome'], detail: string) =>
      deps.audit?.record({
        at: deps.clock().toISOString(),
        user: signal.requestedBy ?? '',
        channel: signal.channel ?? investigation.channel,
        via: 'button',
        action: 'apply-fix',
        params: { investigation: investigation.id, fix: ref, change },
        cluster: investigation.cluster,
        outcome,
        detail,
      });
    if (!deps.applier) {
      await audit('failed', 'no write access');
      await say(
        `:warning: ${who} pressed Apply fix, but this install has no write access. Apply it by hand: ${what}`,
      );
      return 'fix-refused';
    }
    const log = deps.log.child({
      investigation: investigation.id,
      fix: ref,
      requestedBy: signal.requestedBy,
    });
    let result: ChangeResult;
    try {
      result = await deps.applier.apply(change);
    } catch (err) {
      log.warn({ err }, 'fix not applied');
      await audit('failed', (err as Error).message);
      await say(`:x: Could not apply (asked by ${who}): ${what}\n${escapeMrkdwn((err as Error).message)}.`);
      return 'fix-refused';
    }
    log.info({ change, result }, result.applied ? 'fix applied' : 'fix refused');
    await audit(
      result.applied ? 'done' : 'failed',
      `${result.applied ? 'applied' : `refused at the ${result.stage}`} (${result.status}): ${result.message}`,
    );
    await say(resultText(who, what, result));
    return result.applied ? 'fix-applied' : 'fix-refused';
  };
}

function resultText(who: string, what: string, result: ChangeResult): string {
  if (result.applied)
    return `:hammer_and_wrench: Applied by ${who}: ${what}\nThe dry-run passed again and the API server accepted the change (${result.status}).`;
  const why = escapeMrkdwn([result.message, ...(result.causes ?? [])].join('; '));
  if (result.stage === 'dry-run')
    return `:no_entry: Not applied (asked by ${who}): ${what}\nThe API server now refuses it in a dry-run (${result.status}): ${why}. Nothing was changed.`;
  return `:x: Not applied (asked by ${who}): ${what}\nThe API server refused the change (${result.status}): ${why}.`;
}
