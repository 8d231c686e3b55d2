import type { Finding } from '@triage/core';
import { formatBytes } from '@triage/core';
import { joinWords } from './evidence.js';
import type { NodeHealth } from './node-health.js';
import type { OomKilledContainer } from './pods-on-node.js';

/** Most OOM-killed containers reported one by one; the rest are counted in the last. */
const MAX_OOM_FINDINGS = 3;

function bytesOrNone(bytes: number | undefined): string {
  return bytes === undefined ? 'none' : formatBytes(bytes);
}

function oomFinding(h: NodeHealth, o: OomKilledContainer): Finding {
  const [namespace, name] = o.pod.split('/');
  const ratio = o.limit !== undefined && o.request ? o.limit / o.request : undefined;
  const gap =
    ratio !== undefined && ratio >= 2
      ? ` Its limit is ${Number(ratio.toFixed(1))}× its request: the scheduler places it as if it used ${formatBytes(o.request ?? 0)}, so the node over-commits when it grows.`
      : '';
  return {
    severity: 'warning',
    title: `Pod ${o.pod} was OOM-killed (container ${o.container}, ${o.restarts} restart${o.restarts === 1 ? '' : 's'})`,
    detail: `Memory request ${bytesOrNone(o.request)}, limit ${bytesOrNone(o.limit)}.${gap}`,
    subject: `node/${h.name}`,
    evidence: [
      {
        source: `Pod/${o.pod} .status.containerStatuses[${o.container}].lastState`,
        text: `terminated: OOMKilled (exit 137) at ${o.finishedAt ?? 'unknown'}; restartCount ${o.restarts}`,
        at: o.finishedAt,
      },
    ],
    remediation: {
      summary: `Give ${o.container} the memory it really uses, or make it use less`,
      steps: [
        `kubectl logs -n ${namespace} ${name} -c ${o.container} --previous`,
        `Set the memory request of ${o.container} to its real peak (and the limit above it); for a JVM cap the heap (-XX:MaxRAMPercentage) well below the limit.`,
        `kubectl top pod -n ${namespace} --containers`,
      ],
    },
  };
}

function evictionFinding(h: NodeHealth): Finding | undefined {
  const evicted = h.pods.evicted;
  if (evicted.length === 0) return undefined;
  const resources = [...new Set(evicted.map((e) => e.resource ?? 'an unknown resource'))];
  const namespaces = [...new Set(evicted.map((e) => e.pod.split('/')[0]))];
  return {
    severity: 'warning',
    title: `${evicted.length} pod${evicted.length === 1 ? ' was' : 's were'} evicted from ${h.name} (node low on ${joinWords(resources)})`,
    detail:
      'Evicted pods stay as Failed objects; their controllers start replacements elsewhere. Eviction repeats until the pressure is gone.',
    subject: `node/${h.name}`,
    evidence: evicted.map((e) => ({ source: `Pod/${e.pod} .status`, text: `Evicted: ${e.message}` })),
    remediation: {
      summary: 'Remove the pressure first, then clean up the Failed pods',
      steps: namespaces.map((ns) => `kubectl delete pods -n ${ns} --field-selector=status.phase=Failed`),
    },
  };
}

function crashLoopFinding(h: NodeHealth): Finding | undefined {
  const looping = h.pods.crashLooping;
  if (looping.length === 0) return undefined;
  return {
    severity: 'warning',
    title: `${looping.length} container${looping.length === 1 ? ' is' : 's are'} in CrashLoopBackOff on ${h.name}`,
    detail:
      'Crash loops on one node only point at the node (missing mounts, runtime, disk); across nodes, at the workload.',
    subject: `node/${h.name}`,
    evidence: looping.map((p) => ({ source: `Pod/${p.pod}`, text: `${p.reason}: ${p.detail ?? ''}` })),
    remediation: {
      summary: 'Read the crashed containers’ logs',
      steps: looping.map((p) => `kubectl logs -n ${p.pod.replace('/', ' ')} --previous`),
    },
  };
}

function systemPodsFinding(h: NodeHealth): Finding | undefined {
  const down = h.pods.systemNotReady;
  if (down.length === 0) return undefined;
  const nodeDown = h.readiness.status !== 'True';
  return {
    // On a NotReady node every agent shows not ready: a consequence, not a cause.
    severity: nodeDown ? 'info' : 'warning',
    title: `${down.length} node agent pod${down.length === 1 ? ' is' : 's are'} not running/ready on ${h.name}`,
    detail: nodeDown
      ? 'Expected while the node is NotReady; they recover with the kubelet.'
      : 'kube-proxy, the CNI (azure-cns, calico-node), CSI drivers and log agents must run on every node; without them pods lose networking, volumes or logs.',
    subject: `node/${h.name}`,
    evidence: down.map((p) => ({
      source: `Pod/${p.pod}`,
      text: `${p.reason}${p.detail ? `: ${p.detail}` : ''}`,
    })),
    remediation: nodeDown
      ? undefined
      : {
          summary: 'Read the agents’ logs and events',
          steps: down.map((p) => `kubectl describe pod -n ${p.pod.replace('/', ' ')}`),
        },
  };
}

/** Findings about the pods on the node: OOM kills (worst first), evictions, crash loops, node agents. */
export function podFindings(h: NodeHealth): Finding[] {
  return [
    ...h.pods.oomKilled.slice(0, MAX_OOM_FINDINGS).map((o) => oomFinding(h, o)),
    evictionFinding(h),
    crashLoopFinding(h),
    systemPodsFinding(h),
  ].filter((f): f is Finding => f !== undefined);
}
