import type { Finding } from '@triage/core';
import { composeFindings } from './compose-findings.js';
import type { DescribeContext } from './describe-context.js';
import type { Condition, PodView } from './kube-shapes.js';
import { type LabelSelectorSpec, labelSelectorString } from './label-selector.js';
import { missingSubjectFinding } from './missing-subject.js';
import { eventsAbout } from './object-events.js';
import { podsFinding } from './pod-summary.js';
import { eventsFinding } from './rank-events.js';

interface WorkloadView {
  metadata: { name: string; namespace?: string };
  spec?: { replicas?: number; selector?: LabelSelectorSpec };
  status?: Record<string, number | undefined> & { conditions?: Condition[] };
}

interface Replicas {
  desired: number;
  ready: number;
  available: number;
  updated: number | undefined;
}

/** Workload kinds this playbook describes, by the lower-case kind (and plural) a subject may name. */
const workloadKinds: Record<string, { kind: string; resource: string }> = {
  deployment: { kind: 'Deployment', resource: 'deployments' },
  statefulset: { kind: 'StatefulSet', resource: 'statefulsets' },
  daemonset: { kind: 'DaemonSet', resource: 'daemonsets' },
  replicaset: { kind: 'ReplicaSet', resource: 'replicasets' },
};

function replicasOf(kind: string, workload: WorkloadView): Replicas {
  const s = workload.status ?? {};
  if (kind === 'DaemonSet') {
    return {
      desired: s.desiredNumberScheduled ?? 0,
      ready: s.numberReady ?? 0,
      available: s.numberAvailable ?? 0,
      updated: s.updatedNumberScheduled ?? 0,
    };
  }
  return {
    desired: workload.spec?.replicas ?? 1,
    ready: s.readyReplicas ?? 0,
    available: s.availableReplicas ?? 0,
    updated: kind === 'ReplicaSet' ? undefined : (s.updatedReplicas ?? 0),
  };
}

/** Conditions that say something is wrong: Available/Progressing False, ReplicaFailure True. */
function badConditions(conditions: Condition[] | undefined): Condition[] {
  return (conditions ?? []).filter(
    (c) =>
      ((c.type === 'Available' || c.type === 'Progressing') && c.status === 'False') ||
      (c.type === 'ReplicaFailure' && c.status === 'True'),
  );
}

/** A Deployment, StatefulSet, DaemonSet or ReplicaSet: replicas, conditions, its pods' problems, events. */
export async function describeWorkload(
  dc: DescribeContext,
  namespace: string,
  workloadKind: string,
  name: string,
): Promise<Finding[]> {
  const known = workloadKinds[workloadKind.toLowerCase().replace(/s$/, '')];
  if (!known) {
    return [
      {
        severity: 'info',
        title: `describe does not read ${workloadKind} workloads`,
        detail: `Supported workload kinds: ${Object.values(workloadKinds)
          .map((k) => k.kind)
          .join(', ')}.`,
        subject: dc.key,
        evidence: [],
      },
    ];
  }
  const { kind, resource } = known;
  const label = `${kind} ${namespace}/${name}`;
  const workload = (await dc.kube.get(resource, name, namespace)) as WorkloadView | undefined;
  if (!workload) return [await missingSubjectFinding(dc, { kind, name, namespace })];
  dc.signal.throwIfAborted();
  const selector = labelSelectorString(workload.spec?.selector);
  const pods = selector
    ? ((await dc.kube.list('pods', { namespace, labelSelector: selector })) as PodView[])
    : [];
  dc.signal.throwIfAborted();
  const events = await eventsAbout(dc.kube, { kind, name, namespace });

  const r = replicasOf(kind, workload);
  const counts = `desired ${r.desired}, ready ${r.ready}, available ${r.available}${r.updated === undefined ? '' : `, updated ${r.updated}`}`;
  const replicaEvidence = { source: `${kind}/${namespace}/${name} .status`, text: counts };
  const short: Finding | undefined =
    r.ready < r.desired
      ? {
          severity: r.ready === 0 ? 'critical' : 'warning',
          title: `${label}: ${r.ready} of ${r.desired} replicas ready`,
          detail: `Replicas: ${counts}.`,
          subject: dc.key,
          evidence: [replicaEvidence],
        }
      : undefined;
  const conditions = badConditions(workload.status?.conditions).map(
    (c): Finding => ({
      severity: c.reason === 'ProgressDeadlineExceeded' ? 'critical' : 'warning',
      title: `${label}: ${c.type} is ${c.status}${c.reason ? ` (${c.reason})` : ''}`,
      detail: c.message ?? '',
      subject: dc.key,
      evidence: [
        { source: `${kind}/${namespace}/${name} .status.conditions[${c.type}]`, text: c.message ?? c.status },
      ],
    }),
  );
  return composeFindings({
    problems: [short, ...conditions, podsFinding(dc.key, `of ${label}`, pods, dc.now, dc.maxEvents)],
    healthy: {
      severity: 'ok',
      title: `${label}: ${r.ready} of ${r.desired} replicas ready`,
      detail: `Replicas: ${counts}; no pod problems.`,
      subject: dc.key,
      evidence: [replicaEvidence],
    },
    context: [
      {
        severity: 'info',
        title: `${label}: replicas`,
        detail: `Replicas: ${counts}.`,
        subject: dc.key,
        evidence: [replicaEvidence],
      },
    ],
    events: eventsFinding(dc.key, events, dc.now, dc.maxEvents),
  });
}
