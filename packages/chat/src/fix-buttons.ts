import type { Button } from '@slack/types';
import type { RemediationChange } from '@triage/core';

/** `action_id` prefix of the Apply fix buttons (`triage_apply_fix_0`, `_1`, …: ids are unique within a block). */
export const APPLY_FIX_ACTION = 'triage_apply_fix';

/** A fix offered under a run's findings: the change, and the reference the runner stored it under. */
export interface OfferedFix {
  /** Short reference the runner resolves to the stored change (`[A-Za-z0-9._:-]`, ≤ 100 characters). */
  ref: string;
  change: RemediationChange;
}

/** What an Apply fix button's `value` carries: no patch, only where to find it. */
export interface ApplyFixValue {
  /** Investigation id. */
  i: string;
  /** Cluster. */
  c: string;
  /** Subject key. */
  s: string;
  /** Reference of the stored change. */
  x: string;
}

/** Fixes offered per run: a thread is no place for a long list of writes. */
export const MAX_OFFERED_FIXES = 5;
const MAX_BUTTON_TEXT = 75;
const MAX_CONFIRM_TEXT = 300;

/** The change as the kubectl command that does the same: `kubectl -n web patch poddisruptionbudgets nginx-pdb --type merge -p '…'`. */
export function patchCommand(change: RemediationChange): string {
  const namespace = change.namespace ? `-n ${change.namespace} ` : '';
  return `kubectl ${namespace}patch ${change.resource} ${change.name} --type ${change.type} -p '${JSON.stringify(change.patch)}'`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * One Apply fix button per offered fix (at most {@link MAX_OFFERED_FIXES}), each with a confirmation
 * dialog that shows exactly what will change. A fix whose command does not fit the dialog is left out:
 * nobody confirms a change they cannot read.
 */
export function fixButtons(base: Omit<ApplyFixValue, 'x'>, fixes: readonly OfferedFix[]): Button[] {
  return fixes.slice(0, MAX_OFFERED_FIXES).flatMap((fix, n): Button[] => {
    const command = patchCommand(fix.change);
    const full = `${command}\nThe API server checks it again with a dry-run first; it is applied only if that passes.`;
    const text = full.length <= MAX_CONFIRM_TEXT ? full : command;
    if (text.length > MAX_CONFIRM_TEXT) return [];
    return [
      {
        type: 'button',
        text: {
          type: 'plain_text',
          text: clip(`Apply: ${fix.change.summary}`, MAX_BUTTON_TEXT),
          emoji: true,
        },
        action_id: `${APPLY_FIX_ACTION}_${n}`,
        value: JSON.stringify({ ...base, x: fix.ref } satisfies ApplyFixValue),
        style: 'danger',
        confirm: {
          title: { type: 'plain_text', text: 'Apply this change?' },
          text: { type: 'plain_text', text },
          confirm: { type: 'plain_text', text: 'Apply' },
          deny: { type: 'plain_text', text: 'Cancel' },
          style: 'danger',
        },
      },
    ];
  });
}
