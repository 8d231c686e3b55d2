import type { KubeDryRun, KubeReader, PlaybookContext } from '@triage/core';
import {
  createDiagnosticPods,
  createKubeDryRun,
  createKubePatcher,
  createKubeReader,
  type KubePatcher,
  loadKubeConfig,
} from '@triage/kube';
import type { TriageConfig } from './config.js';

/** What playbooks reach the cluster through (reads, server-side dry-runs, diagnostic pods), and the fixes people apply. */
export interface ClusterAccess {
  kube: KubeReader;
  dryRun: KubeDryRun;
  /** Applies a fix confirmed in chat (Apply fix), after a fresh dry-run; RBAC decides whether it may. */
  patcher: KubePatcher;
  diagnosticPods: NonNullable<PlaybookContext['diagnosticPods']>;
}

/** Builds the cluster clients from the `kube` config section (kubeconfig, context, Triage's namespace, images). */
export function createClusterAccess(settings: TriageConfig['kube']): ClusterAccess {
  const kubeConfig = loadKubeConfig({ kubeconfig: settings.kubeconfig, context: settings.context });
  return {
    kube: createKubeReader(kubeConfig),
    dryRun: createKubeDryRun(kubeConfig),
    patcher: createKubePatcher(kubeConfig),
    diagnosticPods: createDiagnosticPods(kubeConfig, {
      namespace: settings.namespace,
      images: settings.diagnosticImages,
    }),
  };
}
