import type { Evidence, Finding } from '@triage/core';
import { AKS_AUTO_REPAIR_AFTER_MS } from './aks-node.js';
import { conditionEvidence, eventEvidence, joinWords } from './evidence.js';
import { agoText, formatDuration, msSince } from './format-duration.js';
import { diskTroubleSeen, memoryImplicated, type NodeHealth } from './node-health.js';
import { logCollectionStep, memoryRequestStep } from './remediation-steps.js';

// Events that explain a NotReady node, in the order an engineer reads the story.
const STORY_REASONS = new Set([
  'OOMKilling',
  'SystemOOM',
  'NodeHasInsufficientMemory',
  'NodeHasDiskPressure',
  'NodeHasInsufficientPID',
  'EvictionThresholdMet',
  'ImageGCFailed',
  'FreeDiskSpaceFailed',
  'Rebooted',
  'KernelOops',
  'TaskHung',
  'NodeNotReady',
]);

/** What led up to it, from the events and the other conditions: `memory pressure and 6 OOM kills`. */
function contributingCauses(h: NodeHealth): string[] {
  const causes: string[] = [];
  const memoryPressure =
    h.problems.some((p) => p.condition.type === 'MemoryPressure') ||
    h.events.reclaiming.includes('memory') ||
    h.events.timeline.some((e) => e.reason === 'NodeHasInsufficientMemory');
  if (memoryPressure) causes.push('memory pressure');
  if (h.events.oomKills > 0)
    causes.push(`${h.events.oomKills} OOM kill${h.events.oomKills === 1 ? '' : 's'}`);
  if (diskTroubleSeen(h)) causes.push('disk pressure');
  if (h.problems.some((p) => p.condition.type === 'PIDPressure') || h.events.reclaiming.includes('pids'))
    causes.push('PID pressure');
  for (const p of h.problems.filter((p) => p.kind === 'node-problem-detector' || p.kind === 'network'))
    causes.push(p.condition.type);
  if (h.events.kernelProblems.length > 0)
    causes.push(joinWords([...new Set(h.events.kernelProblems.map((e) => e.reason))]));
  if (h.events.reboots > 0) causes.push('a reboot');
  return causes;
}

function whyNotReady(h: NodeHealth): string {
  const { readiness } = h;
  if (readiness.status === 'missing') return 'the kubelet never posted node status';
  if (readiness.status === 'Unknown') {
    const age = readiness.heartbeatAgeMs;
    return `kubelet stopped posting status ${age === undefined ? '' : `${formatDuration(age)} ago`}`.trim();
  }
  return `kubelet reports ${readiness.condition?.reason ?? 'NotReady'}`;
}

// The kubelet's own NotReady message names the broken part; point at it.
function kubeletMessageHint(message: string): string | undefined {
  if (/network plugin|cni|NetworkReady=false/i.test(message))
    return 'The container network is not ready: check the CNI pods on the node (azure-cns, calico-node) and their logs.';
  if (/PLEG/i.test(message))
    return 'PLEG is not healthy: the container runtime is slow or hung; check containerd on the node.';
  if (/container runtime/i.test(message))
    return 'The container runtime is down: check containerd on the node.';
  return undefined;
}

function remediationSteps(h: NodeHealth, notReadyMs: number | undefined): string[] {
  const steps = [
    `kubectl describe node ${h.name}`,
    `kubectl get events -A --field-selector involvedObject.kind=Node,involvedObject.name=${h.name}`,
  ];
  const hint = kubeletMessageHint(h.readiness.condition?.message ?? '');
  if (hint) steps.push(hint);
  if (memoryImplicated(h)) steps.push(memoryRequestStep(h));
  if (diskTroubleSeen(h))
    steps.push(`Free disk on ${h.name} (see the DiskPressure finding) before restarting the kubelet.`);
  steps.push(logCollectionStep(h));
  const aks = h.aks;
  if (aks) {
    const due = notReadyMs !== undefined && notReadyMs > AKS_AUTO_REPAIR_AFTER_MS;
    steps.push(
      due
        ? `AKS node auto-repair acts on nodes NotReady for more than 10 minutes (this one: ${formatDuration(notReadyMs)}): look for its reboot/reimage in the cluster's Activity log before acting by hand.`
        : 'AKS node auto-repair acts once the node has been NotReady for more than 10 minutes.',
    );
    if (aks.resourceGroup && aks.scaleSet && aks.instanceId)
      steps.push(
        `If it does not come back: az vmss restart -g ${aks.resourceGroup} -n ${aks.scaleSet} --instance-ids ${aks.instanceId}; then az vmss reimage with the same arguments.`,
      );
  }
  return steps;
}

/**
 * The headline when the node is NotReady: why (the kubelet's silence or its reason), what led up
 * to it (pressure, OOM kills, kernel problems, reboots), and what to do. Undefined when Ready.
 */
export function notReadyFinding(h: NodeHealth): Finding | undefined {
  const { readiness } = h;
  if (readiness.status === 'True') return undefined;
  const causes = contributingCauses(h);
  const title = `Node ${h.name} is NotReady: ${whyNotReady(h)}${causes.length > 0 ? ` after ${joinWords(causes)}` : ''}`;
  const since = readiness.condition?.lastTransitionTime;
  const notReadyMs = msSince(since, h.now);
  const story = h.events.timeline.filter((e) => STORY_REASONS.has(e.reason));
  const evidence: Evidence[] = [
    ...(readiness.condition ? [conditionEvidence(h.name, readiness.condition)] : []),
    ...h.problems.map((p) => conditionEvidence(h.name, p.condition)),
    ...story.map(eventEvidence),
  ];
  const detail = [
    `Ready=${readiness.status}${since ? ` since ${since} (${agoText(since, h.now)})` : ''}.`,
    readiness.condition?.message ? `Message: ${readiness.condition.message}` : '',
    h.events.oomVictims.length > 0 ? `The kernel OOM-killed: ${h.events.oomVictims.join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return {
    severity: 'critical',
    title,
    detail,
    subject: `node/${h.name}`,
    evidence,
    remediation: {
      summary: `Find out why the kubelet on ${h.name} stopped, fix that, then recover the node`,
      steps: remediationSteps(h, notReadyMs),
    },
  };
}

/** A node that is Ready now but went NotReady more than once recently (KubeNodeReadinessFlapping). */
export function flappingFinding(h: NodeHealth): Finding | undefined {
  if (h.readiness.status !== 'True' || h.events.notReadyTransitions < 2) return undefined;
  const flaps = h.events.timeline.filter((e) => e.reason === 'NodeNotReady' || e.reason === 'NodeReady');
  return {
    severity: 'warning',
    title: `Node ${h.name} went NotReady ${h.events.notReadyTransitions} times recently (Ready now)`,
    detail:
      'A node that flaps between Ready and NotReady usually has a kubelet that is starved (CPU, memory) or restarting, or a flaky network path to the API server.',
    subject: `node/${h.name}`,
    evidence: flaps.map(eventEvidence),
    remediation: {
      summary: 'Find what makes the kubelet miss its heartbeats',
      steps: [
        logCollectionStep(h),
        `kubectl top node ${h.name}`,
        'Check the FrequentKubeletRestart / FrequentContainerdRestart conditions and the kubelet restart count.',
      ],
    },
  };
}
