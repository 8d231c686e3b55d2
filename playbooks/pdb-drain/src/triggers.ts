import type { Signal, Subject, Trigger } from '@triage/core';
import { isNamespaceName, isObjectName } from '@triage/kube';

/**
 * Alert names that start pdb-drain. Names differ between installs; anything else reaches it
 * through the runner's `routes` config (alertnames → playbooks), which takes precedence.
 */
export const PDB_ALERT_NAMES = {
  /** kube-prometheus (kubernetes-mixin apps rules): labels `namespace`, `poddisruptionbudget`. */
  budget: ['KubePodDisruptionBudgetAtLimit', 'KubePodDisruptionBudgetLimit'],
  /** Node-pool upgrades, drains and scale-downs that stall, as AKS / Azure Monitor and autoscaler rules name them (with a node subject). */
  node: [
    'KubeNodeUnschedulable',
    'NodeDrainStuck',
    'NodePoolUpgradeStuck',
    'ClusterAutoscalerScaleDownFailed',
    'Node pool upgrade failed',
    'Node drain failed',
    'Upgrade node pool stuck',
  ],
} as const;

/** `{ namespace }` for a budget alert (its `namespace` label, the budget's own namespace). */
export function budgetParams(signal: Signal, subject: Subject): Record<string, unknown> | undefined {
  const namespace = subject.kind === 'namespace' ? subject.name : signal.labels.namespace;
  return namespace && isNamespaceName(namespace) ? { namespace } : undefined;
}

/** `{ node }` for a node subject; undefined otherwise. */
export function drainNodeParams(_signal: Signal, subject: Subject): Record<string, unknown> | undefined {
  return subject.kind === 'node' && isObjectName(subject.name) ? { node: subject.name } : undefined;
}

export const pdbDrainTriggers: readonly Trigger[] = [
  { names: PDB_ALERT_NAMES.budget, params: budgetParams },
  { names: PDB_ALERT_NAMES.node, params: drainNodeParams },
];
