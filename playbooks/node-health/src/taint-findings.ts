import type { Finding } from '@triage/core';
import { formatDuration } from './format-duration.js';
import type { NodeHealth } from './node-health.js';
import { DEFAULT_TOLERATION_SECONDS, taintText } from './node-taints.js';

/** When pods leave a NotReady node (taint-based eviction), and whether the node is cordoned. */
export function taintFindings(h: NodeHealth): Finding[] {
  const findings: Finding[] = [];
  for (const { taint, evictAt } of h.taints.evicting) {
    if (!evictAt) continue;
    const inMs = evictAt.getTime() - h.now.getTime();
    const done = inMs <= 0;
    findings.push({
      severity: done ? 'info' : 'warning',
      title: done
        ? `Pods without their own toleration were evicted from ${h.name} ${formatDuration(-inMs)} ago (${taint.key})`
        : `Pods on ${h.name} will be evicted in ${formatDuration(inMs)} (${taint.key})`,
      detail: `The ${taintText(taint)} taint was added at ${taint.timeAdded}; pods tolerate it for ${DEFAULT_TOLERATION_SECONDS} s by default (tolerationSeconds), so eviction ${done ? 'started' : 'starts'} at ${evictAt.toISOString()}. DaemonSet pods tolerate it indefinitely.`,
      subject: `node/${h.name}`,
      evidence: [{ source: `Node/${h.name} .spec.taints`, text: taintText(taint), at: taint.timeAdded }],
    });
  }
  if (h.taints.cordoned)
    findings.push({
      severity: 'info',
      title: `Node ${h.name} is cordoned (unschedulable)`,
      detail:
        'No new pods are scheduled here until someone runs kubectl uncordon; a drain or an upgrade may be in progress.',
      subject: `node/${h.name}`,
      evidence: [{ source: `Node/${h.name} .spec.unschedulable`, text: 'true' }],
    });
  return findings;
}
