import type { KubeObject } from '@triage/core';
import type { ContainerPortView } from './kube-views.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A port's number and, when declared, its name (policies may name ports). */
export interface TargetPort {
  port: number;
  name: string;
  protocol: string;
}

/** The verdict for ingress to one pod on one port. */
export interface IngressVerdict {
  /** The policies that select the pod for ingress (empty: the pod is not isolated). */
  selecting: KubeObject[];
  /** True when pods are isolated and no ingress rule of any selecting policy opens the port. */
  blocked: boolean;
}

/** matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) of a LabelSelector. */
export function matchesLabelSelector(selector: unknown, labels: Record<string, string> = {}): boolean {
  const s = obj(selector);
  const matchLabels = obj(s.matchLabels);
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  return arr(s.matchExpressions).every((e) => {
    const { key, operator, values } = obj(e) as { key?: string; operator?: string; values?: unknown };
    const value = key === undefined ? undefined : labels[key];
    const list = arr(values);
    if (operator === 'In') return value !== undefined && list.includes(value);
    if (operator === 'NotIn') return value === undefined || !list.includes(value);
    if (operator === 'Exists') return value !== undefined;
    if (operator === 'DoesNotExist') return value === undefined;
    return false;
  });
}

function selectsForIngress(policy: KubeObject, pod: KubeObject): boolean {
  const spec = obj(policy.spec);
  if (policy.metadata.namespace !== pod.metadata.namespace) return false;
  if (!matchesLabelSelector(spec.podSelector, pod.metadata.labels)) return false;
  const types = arr(spec.policyTypes);
  // Without policyTypes a policy always restricts ingress (networking/v1 defaulting).
  return types.length === 0 || types.includes('Ingress');
}

function ruleOpens(rule: unknown, target: TargetPort): boolean {
  const ports = arr(obj(rule).ports);
  if (ports.length === 0) return true;
  return ports.some((p) => {
    const { port, endPort, protocol } = obj(p) as { port?: unknown; endPort?: unknown; protocol?: unknown };
    if ((typeof protocol === 'string' ? protocol : 'TCP') !== target.protocol) return false;
    if (port === undefined) return true;
    if (typeof port === 'string') return port === target.name;
    if (typeof port !== 'number') return false;
    return typeof endPort === 'number' ? target.port >= port && target.port <= endPort : target.port === port;
  });
}

/**
 * Whether the NetworkPolicies in the pod's namespace leave ingress to `target` open to anyone at
 * all. Peers (`from`) are not evaluated: a port some rule opens counts as open.
 */
export function ingressVerdict(
  policies: readonly KubeObject[],
  pod: KubeObject,
  target: TargetPort,
): IngressVerdict {
  const selecting = policies.filter((p) => selectsForIngress(p, pod));
  if (selecting.length === 0) return { selecting, blocked: false };
  const opened = selecting.some((p) => arr(obj(p.spec).ingress).some((rule) => ruleOpens(rule, target)));
  return { selecting, blocked: !opened };
}

/** The target port a Service port reaches on a pod, from its declared container ports. */
export function resolveTarget(
  targetPort: number | string,
  declared: readonly ContainerPortView[],
  protocol: string,
): TargetPort | undefined {
  const match = declared.find((d) =>
    typeof targetPort === 'string' ? d.name === targetPort : d.containerPort === targetPort,
  );
  if (match) return { port: match.containerPort, name: match.name, protocol };
  return typeof targetPort === 'number' ? { port: targetPort, name: '', protocol } : undefined;
}
