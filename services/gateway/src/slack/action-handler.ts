import { findingActionIds } from '@triage/chat';
import type { Signal } from '@triage/core';
import { z } from 'zod';
import type { AuditEntry, AuditTrail } from './audit-trail.js';
import { authorize, type GroupMembers } from './authorize.js';
import { parseDuration } from './parse-command.js';
import { type Silencer, SilenceError } from './alertmanager-silencer.js';
import type { SlackAction, SlackConfig } from './slack-config.js';
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

const params = z.record(z.string(), z.unknown());
const actionValueSchema = z.object({
  i: z.string().min(1).max(200),
  c: z.string().min(1).max(63),
  s: z.string().min(1).max(600),
  p: z.string().min(1).max(100).optional(),
  a: params.optional(),
});
const silenceValueSchema = z.object({
  d: z.string().refine((d) => parseDuration(d) !== undefined, 'not a duration'),
  f: z.string().regex(/^[0-9a-f]{1,32}$/),
  i: z.string().min(1).max(200),
});

const applyFixValueSchema = z.object({
  i: z.string().min(1).max(200),
  c: z.string().min(1).max(63),
  s: z.string().min(1).max(600),
  x: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/),
});

const MAX_SILENCE_SECONDS = 7 * 24 * 3600;

/** Labels that name a subject key, so the run joins the investigation of that subject. */
function subjectLabels(subject: string): Record<string, string> {
  const [kind, a = '', b = ''] = subject.split('/');
  if (kind === 'node') return { node: a };
  if (kind === 'pod') return { namespace: a, pod: b };
  if (kind === 'service') return { namespace: a, service: b };
  if (kind === 'namespace') return { namespace: a };
  return {};
}

/** Trace params for a pod or service subject (network-trace takes `ns/name`). */
function traceParams(subject: string, mode: 'dns' | 'tcp'): Record<string, unknown> {
  const [kind, namespace, name] = subject.split('/');
  const target = `${namespace}/${name}`;
  return { ...(kind === 'service' ? { service: target } : { pod: target }), mode, durationSeconds: 30 };
}

/** A runnable press: which action it is and what it runs. */
type Plan =
  | {
      kind: 'run';
      action: SlackAction;
      cluster: string;
      subject: string;
      playbook: string;
      params: Record<string, unknown>;
    }
  | { kind: 'close'; action: 'close'; cluster: string; investigationId: string }
  | {
      kind: 'apply-fix';
      action: 'apply-fix';
      cluster: string;
      subject: string;
      investigationId: string;
      /** Reference of the change the runner stored; the button never carries the patch. */
      fix: string;
    }
  | {
      kind: 'silence';
      action: 'silence';
      fingerprint: string;
      durationSeconds: number;
      duration: string;
      investigationId: string;
    };

function planFor(actionId: string, raw: string): Plan | string {
  const json = (() => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  })();
  if (actionId === findingActionIds.silence) {
    const value = silenceValueSchema.safeParse(json);
    if (!value.success) return 'the silence choice is malformed';
    const durationSeconds = parseDuration(value.data.d) as number;
    if (durationSeconds > MAX_SILENCE_SECONDS) return 'silences last at most 7d';
    return {
      kind: 'silence',
      action: 'silence',
      fingerprint: value.data.f,
      durationSeconds,
      duration: value.data.d,
      investigationId: value.data.i,
    };
  }
  if (actionId.startsWith(`${findingActionIds.applyFix}_`)) {
    const fix = applyFixValueSchema.safeParse(json);
    if (!fix.success) return 'the fix reference is malformed';
    const { i, c, s, x } = fix.data;
    return { kind: 'apply-fix', action: 'apply-fix', cluster: c, subject: s, investigationId: i, fix: x };
  }
  const value = actionValueSchema.safeParse(json);
  if (!value.success) return 'the button value is malformed';
  const { i, c, s, p, a } = value.data;
  const subjectKind = s.split('/')[0];
  switch (actionId) {
    case findingActionIds.rerun:
      if (!p) return 'the button names no playbook';
      return {
        kind: 'run',
        action: rerunAction(p, a ?? {}),
        cluster: c,
        subject: s,
        playbook: p,
        params: a ?? {},
      };
    case findingActionIds.traceDns:
    case findingActionIds.traceTcp: {
      if (subjectKind !== 'pod' && subjectKind !== 'service') return 'traces need a pod or service';
      const mode = actionId === findingActionIds.traceDns ? 'dns' : 'tcp';
      return {
        kind: 'run',
        action: 'trace',
        cluster: c,
        subject: s,
        playbook: 'network-trace',
        params: traceParams(s, mode),
      };
    }
    case findingActionIds.winlogs:
      if (subjectKind !== 'node') return 'Windows logs need a node';
      return {
        kind: 'run',
        action: 'winlogs',
        cluster: c,
        subject: s,
        playbook: 'windows-logs',
        params: { node: s.slice(5) },
      };
    case findingActionIds.close:
      return { kind: 'close', action: 'close', cluster: c, investigationId: i };
    default:
      return `unknown action ${actionId.slice(0, 60)}`;
  }
}

/**
 * A Rerun is authorized as what it reruns when that is privileged: rerunning Windows log collection is
 * `winlogs`, rerunning a raw query is `kql`; anything else is `rerun`.
 */
function rerunAction(playbook: string, params: Record<string, unknown>): SlackAction {
  if (playbook === 'windows-logs') return 'winlogs';
  if (playbook === 'container-logs' && params.kql !== undefined) return 'kql';
  return 'rerun';
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
