import type { Evidence, Finding } from '@triage/core';
import { formatBytes } from '@triage/core';
import { conditionEvidence, eventEvidence } from './evidence.js';
import { agoText } from './format-duration.js';
import type { ConditionProblem } from './node-conditions.js';
import type { NodeHealth } from './node-health.js';
import { logCollectionStep, memoryRequestStep } from './remediation-steps.js';
import { heaviestPods } from './resource-usage.js';

// "Attempted to free 21474836480 bytes, but only found 0 bytes eligible to free" (kubelet image GC).
const GC_WORDING = /Attempted to free (\d+) bytes, but only found (\d+) bytes eligible/;

function imageGcSummary(h: NodeHealth): string | undefined {
  const failure = h.events.imageGcFailure;
  const match = failure ? GC_WORDING.exec(failure.message) : null;
  if (!match) return failure ? 'image garbage collection failing' : undefined;
  const [needed, eligible] = [Number(match[1]), Number(match[2])];
  return eligible === 0
    ? `image garbage collection found nothing to free (needed ${formatBytes(needed)})`
    : `image garbage collection found only ${formatBytes(eligible)} of ${formatBytes(needed)} to free`;
}

function diskFinding(h: NodeHealth, problem: ConditionProblem): Omit<Finding, 'severity' | 'subject'> {
  const gc = imageGcSummary(h);
  const writers = h.pods.hostPathPods;
  const heldElsewhere = h.events.imageGcFailure !== undefined;
  const detail = [
    heldElsewhere
      ? 'Image garbage collection cannot free enough: the disk is held by something other than unused images — pod host paths, logs or files written outside the kubelet’s accounting.'
      : 'The kubelet is evicting pods to reclaim disk.',
    writers.length > 0
      ? `Pods writing to host paths: ${writers.map((w) => `${w.pod} (${w.paths.join(', ')})`).join('; ')}.`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
  const gcEvents = h.events.timeline.filter((e) =>
    ['ImageGCFailed', 'FreeDiskSpaceFailed', 'EvictionThresholdMet'].includes(e.reason),
  );
  const evidence: Evidence[] = [
    conditionEvidence(h.name, problem.condition),
    ...gcEvents.map(eventEvidence),
    ...writers.map((w) => ({
      source: `Pod/${w.pod} .spec.volumes[hostPath]`,
      text: `writes to ${w.paths.join(', ')} on the node`,
    })),
  ];
  return {
    title: `Node ${h.name} has DiskPressure${gc ? `: ${gc}` : ''}`,
    detail,
    evidence,
    remediation: {
      summary: `Free disk on ${h.name}, or give it a bigger OS disk`,
      steps: [
        `See what fills it: kubectl debug node/${h.name} -it --image=mcr.microsoft.com/cbl-mariner/busybox:2.0 -- chroot /host sh -c 'df -h / /var/lib/containerd; du -xsh /var/lib/* /var/log 2>/dev/null | sort -h | tail'`,
        ...writers.map(
          (w) =>
            `Check what ${w.pod} keeps in ${w.paths.join(', ')} (a buffer or cache that grows without bound?) and cap it well below the disk size.`,
        ),
        heldElsewhere
          ? 'Pruning images will not help (nothing is eligible); remove the files that hold the disk.'
          : `Remove unused images: crictl rmi --prune (on the node).`,
        'If the workload needs the space, move the pool to a larger OS disk (az aks nodepool add … --node-osdisk-size) and drain this node.',
      ],
    },
  };
}

function memoryFinding(h: NodeHealth, problem: ConditionProblem): Omit<Finding, 'severity' | 'subject'> {
  const heavy = heaviestPods(h.resources, 'memory', 5);
  return {
    title: `Node ${h.name} has MemoryPressure: the kubelet is evicting pods`,
    detail: `Allocatable memory ${formatBytes(h.resources.allocatable.memory)}; pods request ${formatBytes(h.resources.requests.memory)}.`,
    evidence: [
      conditionEvidence(h.name, problem.condition),
      ...heavy.map((p) => ({
        source: `PodMetrics/${p.pod}`,
        text: `${formatBytes(p.usage?.memory ?? 0)} used, request ${formatBytes(p.requests.memory)}`,
      })),
    ],
    remediation: {
      summary: 'Bring memory use back under allocatable',
      steps: [memoryRequestStep(h), 'kubectl top pod -A --sort-by=memory'],
    },
  };
}

// What each well-known condition means for the node, and the first thing to do about it.
const CONDITION_HINTS: Readonly<Record<string, string>> = {
  PIDPressure:
    'The node is running out of process IDs: look for a pod that forks without bound (ps -e | wc -l on the node) and set pids limits.',
  NetworkUnavailable:
    'Pods here get no network: check the CNI pods on the node (azure-cns, calico-node) and the route table of the node subnet.',
  KernelDeadlock:
    'A task is blocked in the kernel (often the container runtime): the node will not recover on its own; drain and reboot it.',
  ReadonlyFilesystem:
    'The root filesystem was remounted read-only after I/O errors: drain the node and reimage it; check the disk in the VM’s boot diagnostics.',
  XfsShutdown: 'XFS shut the filesystem down after errors: drain the node and reimage it.',
  FrequentKubeletRestart:
    'The kubelet keeps restarting: its journal says why (often memory starvation or a bad config).',
  FrequentContainerdRestart:
    'containerd keeps restarting: its journal says why; pods on the node restart with it.',
  FrequentDockerRestart: 'dockerd keeps restarting: its journal says why; pods on the node restart with it.',
  VMEventScheduled:
    'Azure scheduled a maintenance event (reboot, redeploy or freeze) for this VM: drain the node before it happens.',
};

function genericFinding(h: NodeHealth, problem: ConditionProblem): Omit<Finding, 'severity' | 'subject'> {
  const c = problem.condition;
  const what: Record<ConditionProblem['kind'], string> = {
    pressure: 'the kubelet is evicting pods',
    network: 'the node’s pod network (routes or CNI) is not configured',
    'node-problem-detector': 'reported by Node Problem Detector',
    custom: 'a custom node condition reports a problem',
  };
  const hint = CONDITION_HINTS[c.type];
  const drain = `kubectl cordon ${h.name} && kubectl drain ${h.name} --ignore-daemonsets --delete-emptydir-data`;
  return {
    title: `Node ${h.name}: ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`,
    detail: `${c.message ?? ''}${c.message ? '\n' : ''}Since ${c.lastTransitionTime ?? 'unknown'} (${agoText(c.lastTransitionTime, h.now)}): ${what[problem.kind]}.`,
    evidence: [conditionEvidence(h.name, c)],
    remediation: {
      summary:
        problem.severity === 'critical'
          ? `Cordon and drain ${h.name}, then restart or reimage it`
          : `Find out why ${h.name} reports ${c.type}`,
      steps: [
        ...(hint ? [hint] : []),
        logCollectionStep(h),
        ...(problem.severity === 'critical' || c.type === 'VMEventScheduled' ? [drain] : []),
      ],
    },
  };
}

/** One finding per condition that reports a problem, pressure first, with the checks it calls for. */
export function conditionFindings(h: NodeHealth): Finding[] {
  return h.problems.map((problem) => {
    const type = problem.condition.type;
    const body =
      type === 'DiskPressure'
        ? diskFinding(h, problem)
        : type === 'MemoryPressure'
          ? memoryFinding(h, problem)
          : genericFinding(h, problem);
    return { severity: problem.severity, subject: `node/${h.name}`, ...body };
  });
}
