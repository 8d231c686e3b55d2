import type { Evidence, Severity } from '@triage/core';
import { ago } from './format-age.js';
import { type ContainerState, type ContainerStatus, findCondition, type PodView } from './kube-shapes.js';

/** One thing wrong with a pod, grouped by `reason` when many pods are summarised. */
export interface PodProblem {
  severity: Severity;
  /** e.g. `CrashLoopBackOff`, `OOMKilled`, `ImagePullBackOff`, `Unschedulable`, `Evicted`, `NotReady`. */
  reason: string;
  /** One line, e.g. `container web: CrashLoopBackOff, 14 restarts; last exit OOMKilled (137) 2m ago`. */
  text: string;
  evidence: Evidence;
  /** What to do next, when there is an obvious first step. */
  hint?: string;
  /** Commands that go with the hint. */
  steps?: string[];
}

const imagePullReasons = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'ErrImageNeverPull',
]);
const startFailureReasons = new Set([
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

export function podLabel(pod: PodView): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
}

function lastExit(state: ContainerState | undefined, now: Date): string {
  const t = state?.terminated;
  if (!t) return '';
  return `; last exit ${t.reason ?? 'Error'} (${t.exitCode ?? '?'}) ${ago(t.finishedAt, now)}`;
}

function oomNextStep(pod: PodView, container: string): Pick<PodProblem, 'hint' | 'steps'> {
  return {
    hint: `Give container ${container} the memory it uses: raise its limit (and request), or cap its heap or cache below the limit.`,
    steps: [`kubectl top pod -n ${pod.metadata.namespace} ${pod.metadata.name} --containers`],
  };
}

function containerProblem(
  pod: PodView,
  status: ContainerStatus,
  field: string,
  now: Date,
): PodProblem | undefined {
  const source = `Pod/${podLabel(pod)} .status.${field}[${status.name}]`;
  const waiting = status.state?.waiting;
  const reason = waiting?.reason;
  if (reason === 'CrashLoopBackOff') {
    const oom = status.lastState?.terminated?.reason === 'OOMKilled';
    return {
      severity: 'critical',
      reason,
      text: `container ${status.name}: CrashLoopBackOff, ${status.restartCount} restarts${lastExit(status.lastState, now)}`,
      evidence: { source, text: waiting?.message ?? `restartCount ${status.restartCount}` },
      ...(oom
        ? oomNextStep(pod, status.name)
        : {
            hint: `Read the crashed container's last output.`,
            steps: [
              `kubectl logs -n ${pod.metadata.namespace} ${pod.metadata.name} -c ${status.name} --previous`,
            ],
          }),
    };
  }
  if (reason && imagePullReasons.has(reason)) {
    return {
      severity: 'critical',
      reason: 'ImagePullBackOff',
      text: `container ${status.name}: ${reason}: ${waiting?.message ?? 'image cannot be pulled'}`,
      evidence: { source, text: waiting?.message ?? reason },
      hint: 'Check the image name and tag, and that the node can reach the registry with valid pull credentials.',
    };
  }
  if (reason && startFailureReasons.has(reason)) {
    return {
      severity: 'critical',
      reason,
      text: `container ${status.name}: ${reason}: ${waiting?.message ?? ''}`.trim(),
      evidence: { source, text: waiting?.message ?? reason },
      hint: 'Check the ConfigMaps, Secrets and volumes the container references.',
    };
  }
  if (status.lastState?.terminated?.reason === 'OOMKilled') {
    return {
      severity: 'warning',
      reason: 'OOMKilled',
      text: `container ${status.name}: OOMKilled ${ago(status.lastState.terminated.finishedAt, now)}, ${status.restartCount} restarts`,
      evidence: {
        source: `${source}.lastState.terminated`,
        text: `reason OOMKilled, exit code ${status.lastState.terminated.exitCode ?? '?'}`,
      },
      ...oomNextStep(pod, status.name),
    };
  }
  return undefined;
}

/** Pods normally leave Pending within seconds; image pulls and volume mounts can take a few minutes. */
const slowStartMs = 5 * 60_000;

function pendingProblem(pod: PodView, now: Date): PodProblem | undefined {
  const created = Date.parse(pod.metadata.creationTimestamp ?? '');
  if (Number.isNaN(created) || now.getTime() - created < slowStartMs) return undefined;
  const waiting = (pod.status?.containerStatuses ?? [])
    .flatMap((c) => (c.state?.waiting ? [`${c.name} ${c.state.waiting.reason ?? 'waiting'}`] : []))
    .join(', ');
  return {
    severity: 'warning',
    reason: 'Pending',
    text: `Pending since ${ago(pod.metadata.creationTimestamp, now)}${waiting ? `: ${waiting}` : ''}`,
    evidence: { source: `Pod/${podLabel(pod)} .status.phase`, text: 'Pending' },
    hint: 'The pod events say what it waits for (volume mounts, image pulls, sandbox creation).',
  };
}

/** A deletion that has not finished after a few minutes: usually the node cannot confirm the kill. */
function stuckTerminating(pod: PodView, now: Date): PodProblem | undefined {
  const deletion = pod.metadata.deletionTimestamp;
  if (typeof deletion !== 'string') return undefined;
  const requested = Date.parse(deletion);
  if (Number.isNaN(requested) || now.getTime() - requested < slowStartMs) return undefined;
  return {
    severity: 'warning',
    reason: 'Terminating',
    text: `Terminating since ${ago(deletion, now)}`,
    evidence: { source: `Pod/${podLabel(pod)} .metadata.deletionTimestamp`, text: deletion },
    hint: 'A pod stays Terminating while its node cannot confirm the kill: fix or remove the node; force-delete only when the node is gone.',
  };
}

/** What is wrong with one pod, most specific first; empty for a pod that is fine (or finished). */
export function podProblems(pod: PodView, now: Date): PodProblem[] {
  const status = pod.status ?? {};
  const self = `Pod/${podLabel(pod)}`;
  if (status.phase === 'Succeeded') return [];
  if (status.phase === 'Failed') {
    const reason = status.reason ?? 'Failed';
    return [
      {
        severity: 'warning',
        reason,
        text: `Failed${status.reason ? ` (${status.reason})` : ''}: ${status.message ?? 'all containers exited'}`,
        evidence: {
          source: `${self} .status`,
          text: `phase Failed, reason ${reason}: ${status.message ?? ''}`.trim(),
        },
      },
    ];
  }
  const scheduled = findCondition(status.conditions, 'PodScheduled');
  if (scheduled?.status === 'False') {
    return [
      {
        severity: 'warning',
        reason: scheduled.reason ?? 'Unschedulable',
        text: `not scheduled: ${scheduled.message ?? scheduled.reason ?? ''}`.trim(),
        evidence: { source: `${self} .status.conditions[PodScheduled]`, text: scheduled.message ?? 'False' },
      },
    ];
  }
  const containers = [
    ...(status.initContainerStatuses ?? []).map((c) => [c, 'initContainerStatuses'] as const),
    ...(status.containerStatuses ?? []).map((c) => [c, 'containerStatuses'] as const),
  ];
  const problems = containers
    .map(([container, field]) => containerProblem(pod, container, field, now))
    .filter((problem): problem is PodProblem => problem !== undefined);
  if (problems.length === 0 && status.phase === 'Pending') {
    const pending = pendingProblem(pod, now);
    if (pending) problems.push(pending);
  }
  const stuck = stuckTerminating(pod, now);
  if (stuck) problems.push(stuck);
  const ready = findCondition(status.conditions, 'Ready');
  if (problems.length === 0 && status.phase === 'Running' && ready?.status === 'False') {
    problems.push({
      severity: 'warning',
      reason: 'NotReady',
      text: `Running but not Ready${ready.message ? `: ${ready.message}` : ''}`,
      evidence: { source: `${self} .status.conditions[Ready]`, text: `False ${ready.reason ?? ''}`.trim() },
      hint: 'Check the readiness probe and what it depends on.',
    });
  }
  return problems;
}
