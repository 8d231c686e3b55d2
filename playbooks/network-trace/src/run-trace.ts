import type { DiagnosticPods, Finding, KubeObject, PlaybookContext } from '@triage/core';
import { type Gadget, igCommand, TRACE_POD_SLACK_SECONDS } from './ig-command.js';
import type { IgSource } from './ig-events.js';

/**
 * Events of the traced pod only. ig already filters by namespace and pod; this guards against a
 * wider trace, and keeps events ig could not attribute to a pod (no k8s fields).
 */
export function fromPod(pod: KubeObject): (e: IgSource) => boolean {
  const namespace = pod.metadata.namespace ?? 'default';
  return (e) => !e.podName || (e.podName === pod.metadata.name && e.namespace === namespace);
}

/** The output of one ig pod on one node. */
export interface TraceRun {
  gadget: Gadget;
  node: string;
  durationSeconds: number;
  /** The last lines of the log (every line went to `onLine`). */
  tail: string;
  phase: string;
  exitCode?: number;
  truncated: boolean;
}

/** Runs one gadget in a diagnostic pod on `node` for `durationSeconds`; the pod is gone when this returns. */
export async function runTrace(
  ctx: Pick<PlaybookContext, 'signal' | 'progress'>,
  pods: DiagnosticPods,
  request: {
    gadget: Gadget;
    node: string;
    filter: { namespace?: string; pod?: string };
    durationSeconds: number;
    extraFlags?: string[];
    /** Receives every log line as it is read (the trace is never buffered). */
    onLine: (line: string) => void;
  },
): Promise<TraceRun> {
  const { gadget, node, durationSeconds } = request;
  await ctx.progress(`Running ${gadget} on ${node} for ${durationSeconds} s`);
  const result = await pods.run({
    node,
    os: 'linux',
    image: pods.images.ig,
    command: igCommand(pods.images, gadget, request.filter, durationSeconds, request.extraFlags),
    deadlineSeconds: durationSeconds + TRACE_POD_SLACK_SECONDS,
    purpose: gadget.replace('_', '-'),
    signal: ctx.signal,
    onLogLine: request.onLine,
  });
  return {
    gadget,
    node,
    durationSeconds,
    tail: result.logs,
    phase: result.phase,
    ...(result.exitCode !== undefined && { exitCode: result.exitCode }),
    truncated: result.truncated,
  };
}

/** A warning when the ig pod did not finish cleanly (the trace may be partial or empty). */
export function traceProblem(run: TraceRun, subject: string): Finding | undefined {
  if (run.phase === 'Succeeded' && !run.truncated) return undefined;
  const tail = run.tail.trim().split('\n').slice(-3).join('\n') || '(no output)';
  const what = run.truncated
    ? 'printed more than the log limit; only the first part was read'
    : run.phase === 'Pending'
      ? 'never started (image pull or admission problem: check the ig image and the namespace Pod Security level, which must be privileged)'
      : `ended ${run.phase}${run.exitCode !== undefined ? ` with exit code ${run.exitCode}` : ''}`;
  return {
    severity: 'warning',
    title: `${run.gadget} on ${run.node} ${what.split(' (')[0]}`,
    detail: `The Inspektor Gadget pod ${what}. Conclusions from this trace may be incomplete.`,
    subject,
    evidence: [{ source: `${run.gadget} on ${run.node} (${run.durationSeconds} s)`, text: tail }],
  };
}
