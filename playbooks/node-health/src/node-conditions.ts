import type { NodeCondition, NodeView } from './kube-views.js';

/** What the Ready condition says, with how stale the kubelet's last report is. */
export interface Readiness {
  /** `True` ready; `False` the kubelet says NotReady; `Unknown` the kubelet stopped reporting; `missing` never reported. */
  status: 'True' | 'False' | 'Unknown' | 'missing';
  condition?: NodeCondition;
  /** Milliseconds since the kubelet last posted this condition. */
  heartbeatAgeMs?: number;
}

/** A condition that says something is wrong on the node. */
export interface ConditionProblem {
  condition: NodeCondition;
  severity: 'critical' | 'warning';
  /** What kind of condition it is, for the diagnosis and the remediation. */
  kind: 'pressure' | 'network' | 'node-problem-detector' | 'custom';
}

const PRESSURES = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure']);

// Node Problem Detector (kubernetes/node-problem-detector config/*.json) and AKS's own NPD
// conditions: status True means the problem is present. The first group stops workloads.
const NPD_CRITICAL = new Set([
  'KernelDeadlock',
  'ReadonlyFilesystem',
  'XfsShutdown',
  'CorruptDockerOverlay2',
]);
const NPD_WARNING = new Set([
  'FrequentKubeletRestart',
  'FrequentDockerRestart',
  'FrequentContainerdRestart',
  'FrequentUnregisterNetDevice',
  'KubeletUnhealthy',
  'ContainerRuntimeUnhealthy',
  'VMEventScheduled',
]);

// Custom conditions have no fixed polarity. These words in the reason or message say "healthy"
// (NPD's NoFrequentKubeletRestart, FilesystemIsNotReadOnly, "kubelet is functioning properly");
// treating them as problems is the false positive users complain about in other tools.
// Negative words win: `ContainerRuntimeNotReady` ends in "Ready" but says the opposite.
const UNHEALTHY_WORDS = /Not(Ready|Healthy)|Unhealthy|Fail|Error|not responding/i;
const HEALTHY_WORDS =
  /^(no[A-Z]|.*(IsNot|HasNo|Healthy|IsReady|Ready$|Normal|Sufficient|Functioning|Ok$|OK$))|functioning properly|is healthy|has no |not read-only|no problem/;
// Positive-sense custom conditions (EKS node monitoring agent `KernelReady`, `ContainerRuntimeReady`): False is the problem.
const POSITIVE_TYPE = /(Ready|Healthy|Available)$/;

function isHealthyWording(condition: NodeCondition): boolean {
  const words = [condition.reason, condition.message].filter((t): t is string => t !== undefined);
  return !words.some((t) => UNHEALTHY_WORDS.test(t)) && words.some((t) => HEALTHY_WORDS.test(t));
}

function classify(condition: NodeCondition): ConditionProblem | undefined {
  const { type, status } = condition;
  if (type === 'Ready') return undefined;
  if (PRESSURES.has(type))
    return status === 'True' ? { condition, severity: 'critical', kind: 'pressure' } : undefined;
  if (type === 'NetworkUnavailable')
    return status === 'True' ? { condition, severity: 'critical', kind: 'network' } : undefined;
  if (NPD_CRITICAL.has(type) || NPD_WARNING.has(type)) {
    if (status !== 'True') return undefined;
    const severity = NPD_CRITICAL.has(type) ? 'critical' : 'warning';
    return { condition, severity, kind: 'node-problem-detector' };
  }
  // Unknown custom conditions: stale (Unknown) says nothing on its own; Ready already covers it.
  if (status === 'Unknown' || isHealthyWording(condition)) return undefined;
  const bad = POSITIVE_TYPE.test(type) ? status === 'False' : status === 'True';
  return bad ? { condition, severity: 'warning', kind: 'custom' } : undefined;
}

/**
 * Reads the node's conditions: the Ready state with the age of the kubelet's last report, and
 * every other condition that signals a problem (pressure, network, Node Problem Detector, custom),
 * leaving healthy conditions of any name alone.
 */
export function assessConditions(
  node: NodeView,
  now: Date,
): { readiness: Readiness; problems: ConditionProblem[] } {
  const conditions = node.status.conditions;
  const ready = conditions.find((c) => c.type === 'Ready');
  const heartbeat = ready?.lastHeartbeatTime ? Date.parse(ready.lastHeartbeatTime) : Number.NaN;
  const readiness: Readiness = ready
    ? {
        status: ready.status === 'True' || ready.status === 'False' ? ready.status : 'Unknown',
        condition: ready,
        heartbeatAgeMs: Number.isNaN(heartbeat) ? undefined : now.getTime() - heartbeat,
      }
    : { status: 'missing' };
  const problems = conditions.flatMap((c) => classify(c) ?? []);
  return { readiness, problems };
}
