import type { Signal, Subject, Trigger } from '@triage/core';

/**
 * Alert names that start network-trace. Names differ between installs; others reach it through the
 * runner's `routes` config (alertnames → playbooks), which takes precedence.
 */
export const NETWORK_ALERT_NAMES = {
  /** CoreDNS mixin (coredns/deployment `prometheus` rules) and kube-prometheus. */
  dns: [
    'CoreDNSErrorsHigh',
    'CoreDNSLatencyHigh',
    'CoreDNSForwardErrorsHigh',
    'CoreDNSForwardLatencyHigh',
    'KubeDNSErrorsHigh',
  ],
  /** Connection failures as commonly alerted (blackbox exporter, ingress 5xx, service mesh). */
  tcp: ['BlackboxProbeFailed', 'ServiceConnectionRefused', 'UpstreamConnectErrorsHigh'],
} as const;

/** Params for a pod (`{ pod: ns/name }`) or Service (`{ service: ns/name }`) subject; undefined otherwise. */
export function networkParams(signal: Signal, subject: Subject): Record<string, unknown> | undefined {
  const mode = (NETWORK_ALERT_NAMES.dns as readonly string[]).includes(signal.name) ? 'dns' : 'both';
  if (subject.kind === 'pod') return { pod: `${subject.namespace}/${subject.name}`, mode };
  if (subject.kind === 'service') return { service: `${subject.namespace}/${subject.name}`, mode };
  return undefined;
}

export const networkTraceTriggers: readonly Trigger[] = Object.values(NETWORK_ALERT_NAMES).map((names) => ({
  names,
  params: networkParams,
}));
