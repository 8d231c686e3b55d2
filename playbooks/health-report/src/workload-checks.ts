import type { KubeObject } from '@triage/core';
import { type ReportItem, reportItem } from './report-item.js';

/**
 * A PodDisruptionBudget that allows no disruption now: the next drain, upgrade or scale-in of a
 * node running its pods will hang on it. Budgets that select no pods block nothing and are left out.
 */
export function pdbItems(pdb: KubeObject): ReportItem[] {
  const status = pdb.status as
    | { disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; expectedPods?: number }
    | undefined;
  if (status?.disruptionsAllowed !== 0 || !status.expectedPods) return [];
  const key = `${pdb.metadata.namespace}/${pdb.metadata.name}`;
  const spec = pdb.spec as { minAvailable?: number | string; maxUnavailable?: number | string } | undefined;
  const rule =
    spec?.minAvailable !== undefined
      ? `minAvailable ${spec.minAvailable}`
      : `maxUnavailable ${spec?.maxUnavailable}`;
  return [
    reportItem({
      check: 'pdb-no-disruption',
      severity: 'warning',
      subject: `workload/${pdb.metadata.namespace}/PodDisruptionBudget/${pdb.metadata.name}`,
      text: `PodDisruptionBudget ${key} allows no disruption (${rule}, ${status.currentHealthy ?? 0}/${status.expectedPods} healthy): the next drain or upgrade will stall`,
      evidence: {
        source: `PodDisruptionBudget/${key} .status`,
        text: `disruptionsAllowed 0, currentHealthy ${status.currentHealthy ?? 0}, desiredHealthy ${status.desiredHealthy ?? 0}, expectedPods ${status.expectedPods}`,
      },
    }),
  ];
}

/** A Deployment that wants replicas and has none available. */
export function deploymentItems(deployment: KubeObject): ReportItem[] {
  const wanted = (deployment.spec as { replicas?: number } | undefined)?.replicas ?? 1;
  const status = deployment.status as
    | {
        availableReplicas?: number;
        replicas?: number;
        conditions?: { type?: string; reason?: string; message?: string }[];
      }
    | undefined;
  if (wanted === 0 || (status?.availableReplicas ?? 0) > 0) return [];
  const key = `${deployment.metadata.namespace}/${deployment.metadata.name}`;
  const available = status?.conditions?.find((c) => c.type === 'Available');
  return [
    reportItem({
      check: 'deployment-unavailable',
      severity: 'critical',
      subject: `workload/${deployment.metadata.namespace}/Deployment/${deployment.metadata.name}`,
      text: `Deployment ${key} has no available replicas (0/${wanted})`,
      evidence: {
        source: `Deployment/${key} .status`,
        text: `availableReplicas 0 of ${wanted}${available?.reason ? `; Available: ${available.reason} ${available.message ?? ''}` : ''}`.trim(),
      },
    }),
  ];
}
