import { findingActionIds } from '@triage/chat';
import { z } from 'zod';
import { parseDuration } from './parse-command.js';
import type { SlackAction } from './slack-config.js';

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
/** Apply fix: where the press came from and the reference of the stored change, never the patch itself. */
const applyFixValueSchema = actionValueSchema
  .pick({ i: true, c: true, s: true })
  .extend({ x: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/) });

const MAX_SILENCE_SECONDS = 7 * 24 * 3600;

/** Trace params for a pod or service subject (network-trace takes `ns/name`). */
function traceParams(subject: string, mode: 'dns' | 'tcp'): Record<string, unknown> {
  const [kind, namespace, name] = subject.split('/');
  const target = `${namespace}/${name}`;
  return { ...(kind === 'service' ? { service: target } : { pod: target }), mode, durationSeconds: 30 };
}

/** A runnable press: which action it is and what it runs. */
export type Plan =
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

/**
 * What a press asks for, from its `action_id` and value (a button's `value` or a select's option), or a
 * sentence saying what is wrong with it. Values are JSON written by `renderFindingActions`; nothing in
 * them is trusted beyond its schema.
 */
export function planFor(actionId: string, raw: string): Plan | string {
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
