import type { ActionsBlockElement, Button, StaticSelect } from '@slack/types';
import type { ChatMessage } from './chat-adapter.js';
import { APPLY_FIX_ACTION, fixButtons, type OfferedFix } from './fix-buttons.js';

/** `action_id`s of the controls under findings; the gateway dispatches on them. */
export const findingActionIds = {
  rerun: 'triage_rerun',
  traceDns: 'triage_trace_dns',
  traceTcp: 'triage_trace_tcp',
  winlogs: 'triage_winlogs',
  silence: 'triage_silence',
  close: 'triage_close',
  /** Prefix: each Apply fix button adds `_<n>`. */
  applyFix: APPLY_FIX_ACTION,
} as const;

/** Durations offered by the Silence select. */
export const silenceDurations = ['1h', '4h', '24h'] as const;

/**
 * What a button's `value` carries (compact JSON, ≤ 2000 characters as Slack allows): the investigation,
 * its cluster and subject, and for Rerun the playbook and params.
 */
export interface ActionValue {
  /** Investigation id. */
  i: string;
  /** Cluster. */
  c: string;
  /** Subject key (`node/n1`, `pod/shop/web-1`). */
  s: string;
  /** Playbook (Rerun). */
  p?: string;
  /** Params (Rerun). */
  a?: Record<string, unknown>;
}

/** What a Silence option's `value` carries (≤ 150 characters): the duration and the alert's fingerprint. */
export interface SilenceValue {
  d: (typeof silenceDurations)[number];
  /** Alertmanager fingerprint of the alert. */
  f: string;
  /** Investigation id, for the audit trail. */
  i: string;
}

/** Where the findings of a run came from; decides which controls apply. */
export interface FindingActionsContext {
  investigationId: string;
  cluster: string;
  subject: string;
  playbook: string;
  params: Record<string, unknown>;
  /** The Alertmanager fingerprint of the alert that started the run, when one did. */
  alertFingerprint?: string;
  /** Changes whose dry-run passed, stored by the runner under `ref`: each gets an Apply fix button. */
  fixes?: readonly OfferedFix[];
}

const MAX_BUTTON_VALUE = 2000;
const MAX_OPTION_VALUE = 150;

function button(text: string, actionId: string, value: string): Button {
  return { type: 'button', text: { type: 'plain_text', text, emoji: true }, action_id: actionId, value };
}

/**
 * The controls under a run's findings: Rerun; Trace DNS / TCP 30 s (pod and service subjects); Collect
 * Windows logs (node subjects); Silence in Alertmanager for 1h/4h/24h (runs started by an Alertmanager
 * alert); Close investigation; below them, Apply fix for each offered fix (see `fixButtons`). A Rerun whose params do not fit a button value is left out.
 *
 * @example renderFindingActions({ investigationId: 'inv-1', cluster: 'prod', subject: 'node/n1', playbook: 'node-health', params: { node: 'n1' } })
 */
export function renderFindingActions(context: FindingActionsContext): ChatMessage {
  const base: ActionValue = { i: context.investigationId, c: context.cluster, s: context.subject };
  const elements: ActionsBlockElement[] = [];
  const rerun = JSON.stringify({ ...base, p: context.playbook, a: context.params } satisfies ActionValue);
  if (rerun.length <= MAX_BUTTON_VALUE)
    elements.push(button(':repeat: Rerun', findingActionIds.rerun, rerun));
  const value = JSON.stringify(base);
  const kind = context.subject.split('/')[0];
  if (kind === 'pod' || kind === 'service') {
    elements.push(button(':mag: Trace DNS 30 s', findingActionIds.traceDns, value));
    elements.push(button(':electric_plug: Trace TCP 30 s', findingActionIds.traceTcp, value));
  }
  if (kind === 'node')
    elements.push(button(':window: Collect Windows logs', findingActionIds.winlogs, value));
  const silence =
    context.alertFingerprint && silenceSelect(context.alertFingerprint, context.investigationId);
  if (silence) elements.push(silence);
  elements.push({
    ...button(':white_check_mark: Close investigation', findingActionIds.close, value),
    confirm: {
      title: { type: 'plain_text', text: 'Close this investigation?' },
      text: { type: 'plain_text', text: 'The thread is marked resolved; new alerts open a new one.' },
      confirm: { type: 'plain_text', text: 'Close' },
      deny: { type: 'plain_text', text: 'Cancel' },
    },
  });
  const apply = fixButtons(base, context.fixes ?? []);
  return {
    text: 'Actions',
    blocks: [
      { type: 'actions', block_id: 'triage_actions', elements },
      ...(apply.length > 0 ? [{ type: 'actions' as const, block_id: 'triage_fixes', elements: apply }] : []),
    ],
  };
}

function silenceSelect(fingerprint: string, investigationId: string): StaticSelect | undefined {
  const options = silenceDurations.map((d) => ({
    text: { type: 'plain_text' as const, text: `Silence ${d}` },
    value: JSON.stringify({ d, f: fingerprint, i: investigationId } satisfies SilenceValue),
  }));
  if (options.some((o) => o.value.length > MAX_OPTION_VALUE)) return undefined;
  return {
    type: 'static_select',
    action_id: findingActionIds.silence,
    placeholder: { type: 'plain_text', text: ':no_bell: Silence in Alertmanager' },
    options,
  };
}
