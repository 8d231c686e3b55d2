import type { Signal } from '@triage/core';
import type { AuditEntry, AuditTrail } from './audit-trail.js';
import { authorize, type GroupMembers } from './authorize.js';
import { type Silencer, SilenceError } from './alertmanager-silencer.js';
import { type Plan, planFor } from './press-plan.js';
import type { SlackConfig } from './slack-config.js';
import type { SlackNotifier } from './slack-notifier.js';
import type { BlockActions } from './slack-payloads.js';

/** What the action handler needs; everything is injected. */
export interface ActionHandlerDeps {
  config: SlackConfig;
  enqueue(signals: Signal[]): Promise<void>;
  audit: AuditTrail;
  members: GroupMembers;
  notifier: SlackNotifier;
  /** Alertmanager silences; absent: the Silence control says it is not configured. */
  silencer?: Silencer;
  clock: () => Date;
  log?: { warn(obj: object, msg: string): void };
}

/** Labels that name a subject key, so the run joins the investigation of that subject. */
function subjectLabels(subject: string): Record<string, string> {
  const [kind, a = '', b = ''] = subject.split('/');
  if (kind === 'node') return { node: a };
  if (kind === 'pod') return { namespace: a, pod: b };
  if (kind === 'service') return { namespace: a, service: b };
  if (kind === 'namespace') return { namespace: a };
  return {};
}

/** `https://<team>.slack.com/archives/<channel>/p<ts>?thread_ts=…`: where the silence came from. */
export function threadLink(payload: BlockActions, channel: string): string {
  const ts = payload.container?.message_ts ?? payload.message?.ts ?? '';
  const threadTs = payload.container?.thread_ts ?? payload.message?.thread_ts;
  const host = payload.team.domain ? `https://${payload.team.domain}.slack.com` : 'https://slack.com';
  const thread = threadTs ? `?thread_ts=${threadTs}&cid=${channel}` : '';
  return `${host}/archives/${channel}/p${ts.replace('.', '')}${thread}`;
}

/**
 * Handles presses on the controls under findings (see `renderFindingActions` in @triage/chat): authorizes
 * each, enqueues runs (Rerun, Trace, Windows logs), closes (a `resolved` signal the runner turns into
 * a closed investigation) and confirmed fixes (a signal the runner applies after a fresh dry-run),
 * creates Alertmanager silences, answers the presser ephemerally, and audits it all.
 */
export function createActionHandler(deps: ActionHandlerDeps) {
  return async function handleActions(payload: BlockActions): Promise<void> {
    const channel = payload.channel?.id ?? payload.container?.channel_id ?? '';
    const user = payload.user.id;
    const threadTs = payload.container?.thread_ts ?? payload.message?.thread_ts;
    // Answers go out after the ack: a rate-limited Web API must not hold the press past Slack's 3 s.
    const tell = (text: string) => {
      void deps.notifier
        .ephemeral({ channel, user, ...(threadTs ? { threadTs } : {}) }, text)
        .catch((error: unknown) => deps.log?.warn({ err: error }, 'ephemeral answer not delivered'));
    };

    for (const action of payload.actions) {
      const base = { at: deps.clock().toISOString(), user, channel, via: 'button' as const };
      const audit = (entry: Omit<AuditEntry, keyof typeof base>) => deps.audit.record({ ...base, ...entry });
      const plan = planFor(action.action_id, action.selected_option?.value ?? action.value ?? '');
      if (typeof plan === 'string') {
        await audit({ action: action.action_id, params: {}, outcome: 'invalid', detail: plan });
        tell(`:warning: ${plan}`);
        continue;
      }
      const auditParams =
        plan.kind === 'run'
          ? plan.params
          : plan.kind === 'silence'
            ? { duration: plan.duration, fingerprint: plan.fingerprint }
            : plan.kind === 'apply-fix'
              ? { investigation: plan.investigationId, fix: plan.fix }
              : { investigation: plan.investigationId };
      const cluster = plan.kind === 'silence' ? {} : { cluster: plan.cluster };
      const decision = await authorize(deps.config, plan.action, { user, channel }, deps.members);
      if (!decision.allowed) {
        await audit({
          action: plan.action,
          params: auditParams,
          ...cluster,
          outcome: 'denied',
          rule: decision.rule,
          detail: decision.reason,
        });
        tell(`:no_entry: Not allowed (rule \`${decision.rule}\`): ${decision.reason}`);
        continue;
      }
      const done = (outcome: AuditEntry['outcome'], detail?: string) =>
        audit({
          action: plan.action,
          params: auditParams,
          ...cluster,
          outcome,
          rule: decision.rule,
          ...(detail ? { detail } : {}),
        });

      if (plan.kind === 'silence') {
        if (!deps.silencer) {
          await done('failed', 'no Alertmanager configured');
          tell(':x: Silencing is not configured (slack.alertmanagerUrl).');
          continue;
        }
        try {
          const { silenceId } = await deps.silencer.silence({
            fingerprint: plan.fingerprint,
            durationSeconds: plan.durationSeconds,
            createdBy: payload.user.username ?? payload.user.name ?? user,
            comment: `Silenced from Slack by ${user} (${payload.user.username ?? user}): ${threadLink(payload, channel)}`,
            now: deps.clock(),
          });
          await done('done', `silence ${silenceId}`);
          if (threadTs)
            void deps.notifier
              .reply(
                { channel, threadTs },
                `:no_bell: <@${user}> silenced this alert in Alertmanager for ${plan.duration} (silence \`${silenceId}\`).`,
              )
              .catch((error: unknown) => deps.log?.warn({ err: error }, 'silence notice not delivered'));
          else tell(`:no_bell: Silenced for ${plan.duration} (silence \`${silenceId}\`).`);
        } catch (error) {
          const message = error instanceof SilenceError ? error.message : 'unexpected error';
          await done('failed', message);
          tell(`:x: Could not silence: ${message}`);
        }
        continue;
      }

      const signal = pressSignal(plan, payload, channel, deps.clock());
      try {
        await deps.enqueue([signal]);
      } catch {
        await done('failed', 'queue unavailable');
        tell(':x: The Triage queue is unavailable right now; nothing was started. Try again in a minute.');
        continue;
      }
      await done('queued');
      tell(
        plan.kind === 'close'
          ? ':white_check_mark: Closing the investigation.'
          : plan.kind === 'apply-fix'
            ? ':hammer_and_wrench: Applying the fix if a fresh dry-run passes; the result will arrive in this thread.'
            : `:hourglass_flowing_sand: Queued \`${plan.playbook}\`; results will arrive in this thread.`,
      );
    }
  };
}

function pressSignal(
  plan: Extract<Plan, { kind: 'run' | 'close' | 'apply-fix' }>,
  payload: BlockActions,
  channel: string,
  now: Date,
): Signal {
  const common = {
    source: 'slack' as const,
    // trigger_id is unique per press: two presses are two runs.
    key: `slack:${payload.trigger_id}`,
    cluster: plan.cluster,
    annotations: { button: plan.action },
    startsAt: now.toISOString(),
    channel,
    requestedBy: payload.user.id,
  };
  if (plan.kind === 'close')
    return {
      ...common,
      status: 'resolved',
      name: CLOSE_SIGNAL_NAME,
      labels: {},
      params: { investigation: plan.investigationId },
    };
  if (plan.kind === 'apply-fix')
    return {
      ...common,
      status: 'firing',
      name: APPLY_FIX_SIGNAL_NAME,
      labels: subjectLabels(plan.subject),
      params: { investigation: plan.investigationId, fix: plan.fix },
    };
  return {
    ...common,
    status: 'firing',
    name: `triage ${plan.action}`,
    labels: subjectLabels(plan.subject),
    playbook: plan.playbook,
    params: plan.params,
  };
}

/** Name of the `resolved` signal that closes an investigation (`params.investigation`); the runner acts on it. */
export const CLOSE_SIGNAL_NAME = 'triage close';

/** Name of the Slack signal that applies stored fix `params.fix` of `params.investigation`; the runner acts on it. */
export const APPLY_FIX_SIGNAL_NAME = 'triage apply-fix';
