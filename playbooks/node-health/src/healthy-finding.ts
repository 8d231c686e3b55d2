import type { Finding } from '@triage/core';
import { formatBytes, formatCores } from '@triage/core';
import { conditionEvidence } from './evidence.js';
import { formatDuration } from './format-duration.js';
import type { NodeHealth } from './node-health.js';
import { nodeFactsEvidence } from './windows-findings.js';

/** The one short `ok` finding of a node whose conditions, taints and events show nothing wrong. */
export function healthyFinding(h: NodeHealth): Finding {
  const taints = h.taints.all.length > 0 ? `taints ${h.taints.all.join(', ')}` : 'no taints';
  const ready = h.readiness.condition;
  const usage = h.resources.usage;
  return {
    severity: 'ok',
    title: `Node ${h.name} is Ready, no pressure, ${taints}`,
    detail: `${h.pods.total} pods on the node${ready?.lastHeartbeatTime && h.readiness.heartbeatAgeMs !== undefined ? `; kubelet last posted status ${formatDuration(h.readiness.heartbeatAgeMs)} ago` : ''}.`,
    subject: `node/${h.name}`,
    evidence: [
      ...(ready ? [conditionEvidence(h.name, ready)] : []),
      ...(usage
        ? [
            {
              source: `NodeMetrics/${h.name}`,
              text: `memory ${formatBytes(usage.memory)} of ${formatBytes(h.resources.allocatable.memory)} allocatable, CPU ${formatCores(usage.cpu)} of ${formatCores(h.resources.allocatable.cpu)}`,
            },
          ]
        : []),
      ...nodeFactsEvidence(h),
    ],
  };
}
