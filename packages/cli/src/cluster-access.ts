import type { KubeDryRun, KubeReader, PlaybookContext } from '@triage/core';
import { createDiagnosticPods, createKubeDryRun, createKubeReader, loadKubeConfig } from '@triage/kube';
import type { TriageConfig } from './config.js';

/** What playbooks reach the cluster through: reads, server-side dry-runs and diagnostic pods. */
export interface ClusterAccess {
  kube: KubeReader;
  dryRun: KubeDryRun;
  diagnosticPods: NonNullable<PlaybookContext['diagnosticPods']>;
}

/** Builds the cluster clients from the `kube` config section (kubeconfig, context, Triage's namespace, images). */
export function createClusterAccess(settings: TriageConfig['kube']): ClusterAccess {
  const kubeConfig = loadKubeConfig({ kubeconfig: settings.kubeconfig, context: settings.context });
  return {
    kube: createKubeReader(kubeConfig),
    dryRun: createKubeDryRun(kubeConfig),
    diagnosticPods: createDiagnosticPods(kubeConfig, {
      namespace: settings.namespace,
      images: settings.diagnosticImages,
    }),
  };
}
