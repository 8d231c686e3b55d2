import type { Signal, Subject, Trigger } from '@triage/core';
import { isObjectName } from '@triage/kube';

/**
 * Alert names that start windows-logs. Rule names differ between installs: these are defaults, and
 * any other alert reaches the playbook through the runner's `routes` config (alertnames →
 * playbooks), which takes precedence.
 */
export const WINDOWS_NODE_ALERT_NAMES = {
  /** windows_exporter rules as commonly written (awesome-prometheus-alerts naming). */
  windowsExporter: ['WindowsServerCollectorError', 'WindowsServerServiceStatus'],
  /** Node-scoped rules on kube-proxy / containerd service state and HNS errors, as teams name them. */
  windowsNode: ['WindowsNodeKubeProxyDown', 'WindowsNodeContainerdDown', 'WindowsNodeHnsErrors'],
} as const;

function nodeParams(_signal: Signal, subject: Subject): Record<string, unknown> | undefined {
  return subject.kind === 'node' && isObjectName(subject.name) ? { node: subject.name } : undefined;
}

/** The triggers of windows-logs: one per alert family, all mapping a node subject to `{ node }`. */
export const windowsLogsTriggers: readonly Trigger[] = Object.values(WINDOWS_NODE_ALERT_NAMES).map(
  (names) => ({
    names,
    params: nodeParams,
  }),
);
