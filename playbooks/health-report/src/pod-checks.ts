import type { KubeObject } from '@triage/core';
import { arrayOf } from './object-fields.js';
import { type ReportItem, reportItem } from './report-item.js';

interface ContainerState {
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; exitCode?: number; finishedAt?: string };
}

interface ContainerStatus {
  name?: string;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

/** How old a Pending pod must be, and how far back an OOM kill counts. */
export interface PodCheckOptions {
  now: Date;
  pendingMinutes: number;
  oomWindowHours: number;
}

function statusesOf(pod: KubeObject): ContainerStatus[] {
  const status = pod.status as { containerStatuses?: unknown; initContainerStatuses?: unknown } | undefined;
  return [
    ...arrayOf<ContainerStatus>(status?.initContainerStatuses),
    ...arrayOf<ContainerStatus>(status?.containerStatuses),
  ].filter((s) => typeof s === 'object' && s !== null);
}

function crashLoop(pod: KubeObject, key: string, subject: string): ReportItem | undefined {
  const looping = statusesOf(pod).find((s) => s.state?.waiting?.reason === 'CrashLoopBackOff');
  if (!looping) return undefined;
  const last = looping.lastState?.terminated;
  return reportItem({
    check: 'pod-crash-loop',
    severity: 'warning',
    subject,
    text: `Pod ${key} is in CrashLoopBackOff (container ${looping.name}, ${looping.restartCount ?? 0} restarts${last?.reason ? `, last exit ${last.reason}` : ''})`,
    evidence: {
      source: `Pod/${key} .status.containerStatuses[${looping.name}].state.waiting`,
      text: `CrashLoopBackOff: ${looping.state?.waiting?.message ?? ''}`.trim(),
    },
  });
}

/** Why a pod waits: a container's waiting reason, else the scheduler's condition. */
function pendingReason(pod: KubeObject): string | undefined {
  const waiting = statusesOf(pod).find((s) => s.state?.waiting?.reason)?.state?.waiting?.reason;
  if (waiting) return waiting;
  const conditions = arrayOf<{ type?: string; status?: string; reason?: string }>(
    (pod.status as { conditions?: unknown } | undefined)?.conditions,
  );
  const scheduled = conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  return scheduled?.reason;
}

function pending(
  pod: KubeObject,
  key: string,
  subject: string,
  options: PodCheckOptions,
): ReportItem | undefined {
  if ((pod.status as { phase?: string } | undefined)?.phase !== 'Pending') return undefined;
  const created = Date.parse(pod.metadata.creationTimestamp ?? '');
  if (Number.isNaN(created)) return undefined;
  const minutes = Math.floor((options.now.getTime() - created) / 60_000);
  if (minutes < options.pendingMinutes) return undefined;
  const reason = pendingReason(pod);
  return reportItem({
    check: 'pod-pending',
    severity: 'warning',
    subject,
    text: `Pod ${key} has been Pending for ${minutes} min${reason ? ` (${reason})` : ''}`,
    evidence: {
      source: `Pod/${key} .status.phase`,
      text: `Pending since ${pod.metadata.creationTimestamp}${reason ? `, ${reason}` : ''}`,
      at: pod.metadata.creationTimestamp as string,
    },
  });
}

function oomKilled(
  pod: KubeObject,
  key: string,
  subject: string,
  options: PodCheckOptions,
): ReportItem | undefined {
  const after = options.now.getTime() - options.oomWindowHours * 3_600_000;
  const kills = statusesOf(pod).flatMap((s) =>
    [s.state?.terminated, s.lastState?.terminated]
      .filter((t) => t?.reason === 'OOMKilled' && Date.parse(t.finishedAt ?? '') >= after)
      .map((t) => ({ container: s.name ?? '', at: t?.finishedAt ?? '', restarts: s.restartCount ?? 0 })),
  );
  const latest = kills.sort((a, b) => b.at.localeCompare(a.at))[0];
  if (!latest) return undefined;
  return reportItem({
    check: 'pod-oom-killed',
    severity: 'warning',
    subject,
    text: `Pod ${key} was OOMKilled at ${latest.at} (container ${latest.container}, ${latest.restarts} restarts)`,
    evidence: {
      source: `Pod/${key} .status.containerStatuses[${latest.container}].lastState.terminated`,
      text: 'reason OOMKilled: the container went over its memory limit',
      at: latest.at,
    },
  });
}

/** A pod in CrashLoopBackOff, Pending longer than `pendingMinutes`, or OOMKilled within `oomWindowHours`. */
export function podItems(pod: KubeObject, options: PodCheckOptions): ReportItem[] {
  const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const subject = `pod/${key}`;
  return [
    crashLoop(pod, key, subject),
    pending(pod, key, subject, options),
    oomKilled(pod, key, subject, options),
  ].filter((i): i is ReportItem => i !== undefined);
}
