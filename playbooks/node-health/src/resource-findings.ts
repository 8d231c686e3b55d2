import type { Evidence, Finding } from '@triage/core';
import { formatBytes, formatCores } from '@triage/core';
import { memoryImplicated, type NodeHealth } from './node-health.js';
import { type CpuMemory, heaviestPods, type PodFootprint } from './resource-usage.js';

/** Node memory use above this share of allocatable is worth a warning. */
const HIGH_USAGE = 0.9;

function footprintEvidence(p: PodFootprint): Evidence {
  const limit = Number.isFinite(p.limits.memory) ? formatBytes(p.limits.memory) : 'none';
  return {
    source: `PodMetrics/${p.pod}`,
    text: `memory ${formatBytes(p.usage?.memory ?? 0)} (request ${formatBytes(p.requests.memory)}, limit ${limit}), CPU ${formatCores(p.usage?.cpu ?? 0)} (request ${formatCores(p.requests.cpu)})`,
  };
}

/** The pods whose memory limit exceeds their request the most: where over-commit comes from. */
function widestGaps(pods: readonly PodFootprint[]): PodFootprint[] {
  const gap = (p: PodFootprint) => p.limits.memory - p.requests.memory;
  return pods
    .filter((p) => Number.isFinite(p.limits.memory) && gap(p) > 0)
    .sort((a, b) => gap(b) - gap(a))
    .slice(0, 3);
}

function isMemoryHigh(h: NodeHealth): boolean {
  const { usage, allocatable } = h.resources;
  return usage !== undefined && allocatable.memory > 0 && usage.memory / allocatable.memory > HIGH_USAGE;
}

/**
 * Whether the heaviest pods are worth naming, and by what: when the node has metrics and memory
 * use is high, memory is implicated, or a CPU alert started the run. The playbook reads pod
 * metrics only then (they cost one list per namespace).
 */
export function heaviestPodsFocus(h: NodeHealth): { by: keyof CpuMemory; high: boolean } | undefined {
  if (h.resources.usage === undefined) return undefined;
  const high = isMemoryHigh(h);
  const cpuAlert = /cpu/i.test(h.triggerName);
  if (!(high || memoryImplicated(h) || cpuAlert)) return undefined;
  return { by: cpuAlert && !high ? 'cpu' : 'memory', high };
}

/**
 * Over-commit (memory limits beyond allocatable), high memory use, and the heaviest pods when
 * memory or CPU is what the alert or the node's state is about.
 */
export function resourceFindings(h: NodeHealth): Finding[] {
  const r = h.resources;
  const findings: Finding[] = [];
  const finiteLimits = r.pods
    .map((p) => p.limits.memory)
    .filter(Number.isFinite)
    .reduce((a, b) => a + b, 0);
  const unbounded = r.pods.filter((p) => !Number.isFinite(p.limits.memory)).length;
  if (r.allocatable.memory > 0 && finiteLimits > r.allocatable.memory)
    findings.push({
      severity: 'warning',
      title: `Memory limits on ${h.name} add up to ${(finiteLimits / r.allocatable.memory).toFixed(1)}× allocatable (${formatBytes(finiteLimits)} of ${formatBytes(r.allocatable.memory)})`,
      detail: `Requests: ${formatBytes(r.requests.memory)}.${unbounded ? ` ${unbounded} pods set no memory limit at all.` : ''} If the pods grow towards their limits together, the node runs out of memory and the kernel OOM-kills.`,
      subject: `node/${h.name}`,
      evidence: [
        { source: `Node/${h.name} .status.allocatable.memory`, text: formatBytes(r.allocatable.memory) },
        ...widestGaps(r.pods).map((p) => ({
          source: `Pod/${p.pod} .spec.containers[*].resources`,
          text: `memory request ${formatBytes(p.requests.memory)}, limit ${formatBytes(p.limits.memory)}`,
        })),
      ],
      remediation: {
        summary: 'Bring requests closer to real use so the scheduler sees the truth',
        steps: [
          'Raise the memory requests of the pods whose limits far exceed their requests, or lower those limits.',
        ],
      },
    });
  const focus = heaviestPodsFocus(h);
  if (!focus || r.usage === undefined) return findings;
  const { by, high } = focus;
  findings.push({
    severity: high ? 'warning' : 'info',
    title: `Heaviest pods on ${h.name} by ${by === 'cpu' ? 'CPU' : 'memory'} (node uses ${formatBytes(r.usage.memory)} of ${formatBytes(r.allocatable.memory)} allocatable, CPU ${formatCores(r.usage.cpu)} of ${formatCores(r.allocatable.cpu)})`,
    detail: 'Usage from metrics.k8s.io (a 30 s window), against requests and limits.',
    subject: `node/${h.name}`,
    evidence: [
      {
        source: `NodeMetrics/${h.name}`,
        text: `memory ${formatBytes(r.usage.memory)}, CPU ${formatCores(r.usage.cpu)}`,
      },
      ...heaviestPods(r, by, 5).map(footprintEvidence),
    ],
  });
  return findings;
}
