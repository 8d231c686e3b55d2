import type { Subject } from '@triage/core';

/** A subject named only by a scrape address (`instance="10.224.0.5:9100"`), resolved against the cluster later. */
export interface AddressHint {
  kind: 'address';
  address: string;
}

const WORKLOAD_LABELS: readonly [label: string, kind: string][] = [
  ['deployment', 'Deployment'],
  ['statefulset', 'StatefulSet'],
  ['daemonset', 'DaemonSet'],
  ['replicaset', 'ReplicaSet'],
  ['job_name', 'Job'],
];

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** `10.224.0.5:9100` → `10.224.0.5`; `[fd00::5]:9100` → `fd00::5`; hostnames keep their name. */
function hostOf(instance: string): string {
  const bracketed = /^\[([^\]]+)\](:\d+)?$/.exec(instance);
  if (bracketed?.[1]) return bracketed[1];
  const colons = instance.split(':').length - 1;
  return colons === 1 ? (instance.split(':')[0] ?? instance) : instance;
}

/**
 * What an alert is about, from its labels alone. The most specific label wins, with the traps of
 * kube-prometheus in mind: kube-state-metrics node alerts carry `namespace` = the monitoring
 * namespace (so `node` beats `namespace`), and `instance` is the scrape address, usually `ip:port`.
 *
 * @example subjectFromLabels({ node: 'aks-np1-0', namespace: 'monitoring' }) // { kind: 'node', name: 'aks-np1-0' }
 */
export function subjectFromLabels(labels: Record<string, string>): Subject | AddressHint {
  const node = labels.node ?? labels.kubernetes_node ?? labels.Computer;
  if (node) return { kind: 'node', name: node };
  // Log search alerts on ContainerLogV2 split by PodNamespace/PodName (Azure dimension names).
  const namespace = labels.namespace ?? labels.PodNamespace;
  const pod = labels.pod ?? labels.PodName;
  if (namespace && pod) return { kind: 'pod', namespace, name: pod };
  for (const [label, workloadKind] of WORKLOAD_LABELS) {
    const name = labels[label];
    if (namespace && name) return { kind: 'workload', namespace, workloadKind, name };
  }
  const instance = labels.instance;
  // node_exporter / windows_exporter alerts name the node only by its scrape address.
  if (instance && !namespace) {
    const host = hostOf(instance);
    return IPV4.test(host) || host.includes(':')
      ? { kind: 'address', address: host }
      : { kind: 'node', name: host };
  }
  if (namespace) return { kind: 'namespace', name: namespace };
  return { kind: 'cluster' };
}
