import type { Evidence, Finding } from '@triage/core';
import { ago } from './format-age.js';
import { type Condition, findCondition, type NodeView } from './kube-shapes.js';

/**
 * Kubelets renew a Lease every 10 s but rewrite node status only every 5 min when nothing
 * changes (nodeStatusReportFrequency), so a Ready heartbeat up to ~5 min old is normal.
 */
const staleHeartbeatMs = 6 * 60_000;

const pressureConditions = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure']);

export function conditionEvidence(node: NodeView, condition: Condition, now: Date): Evidence {
  const heartbeat = condition.lastHeartbeatTime
    ? `; last heartbeat ${ago(condition.lastHeartbeatTime, now)}`
    : '';
  const since = condition.lastTransitionTime ? `; since ${ago(condition.lastTransitionTime, now)}` : '';
  return {
    source: `Node/${node.metadata.name} .status.conditions[${condition.type}]`,
    text: `${condition.status} ${condition.reason ?? ''}: ${condition.message ?? ''}${heartbeat}${since}`.replace(
      / :/,
      ':',
    ),
    ...((condition.lastHeartbeatTime ?? condition.lastTransitionTime) && {
      at: condition.lastHeartbeatTime ?? condition.lastTransitionTime,
    }),
  };
}

function heartbeatAgeMs(condition: Condition, now: Date): number {
  const beat = Date.parse(condition.lastHeartbeatTime ?? '');
  return Number.isNaN(beat) ? 0 : now.getTime() - beat;
}

/** The Ready condition read as a finding, or undefined when the node is Ready and reporting. */
function readyFinding(node: NodeView, key: string, now: Date): Finding | undefined {
  const name = node.metadata.name;
  const conditions = node.status?.conditions ?? [];
  const ready = findCondition(conditions, 'Ready');
  if (!ready) {
    return {
      severity: 'warning',
      title: `Node ${name} reports no Ready condition`,
      detail: 'The kubelet has never posted a Ready condition for this node.',
      subject: key,
      evidence: [],
    };
  }
  const stale = ready.status === 'Unknown' || heartbeatAgeMs(ready, now) > staleHeartbeatMs;
  // When the kubelet is silent, every condition it owns turns Unknown: show them with the cause.
  const unknown = conditions.filter((c) => c !== ready && c.status === 'Unknown');
  if (stale) {
    return {
      severity: 'critical',
      title: `Node ${name}: kubelet stopped posting status ${ago(ready.lastHeartbeatTime, now)}`,
      detail: `Ready is ${ready.status}${ready.message ? ` (${ready.message})` : ''}. The kubelet, its runtime or the node itself is down or cut off from the API server; pods without a toleration are evicted 5 min after the node became unreachable.`,
      subject: key,
      evidence: [ready, ...unknown].map((c) => conditionEvidence(node, c, now)),
      remediation: {
        summary: 'Find out why the kubelet stopped reporting.',
        steps: [
          'Check that the VM is running and reachable (cloud console, serial log).',
          'On the node: systemctl status kubelet containerd; journalctl -u kubelet --since "30 min ago".',
        ],
      },
    };
  }
  if (ready.status !== 'True') {
    return {
      severity: 'critical',
      title: `Node ${name} is NotReady: ${ready.reason ?? 'unknown reason'}`,
      detail: ready.message ?? 'The kubelet reports the node as not ready.',
      subject: key,
      evidence: [conditionEvidence(node, ready, now)],
    };
  }
  return undefined;
}

/**
 * Findings from a node's conditions: Ready (a stale heartbeat is critical), pressure and
 * NetworkUnavailable, and any other condition reported True (Node Problem Detector's
 * KernelDeadlock, ReadonlyFilesystem, …: their True means a problem).
 */
export function nodeConditionFindings(node: NodeView, key: string, now: Date): Finding[] {
  const ready = readyFinding(node, key, now);
  const others = (node.status?.conditions ?? []).filter((c) => c.type !== 'Ready' && c.status === 'True');
  const findings = others.map(
    (condition): Finding => ({
      severity: condition.type === 'NetworkUnavailable' ? 'critical' : 'warning',
      title: `Node ${node.metadata.name} has ${condition.type}${condition.reason ? ` (${condition.reason})` : ''}`,
      detail:
        condition.message ??
        (pressureConditions.has(condition.type) ? 'The kubelet may evict pods.' : 'Reported by the node.'),
      subject: key,
      evidence: [conditionEvidence(node, condition, now)],
    }),
  );
  return ready ? [ready, ...findings] : findings;
}
