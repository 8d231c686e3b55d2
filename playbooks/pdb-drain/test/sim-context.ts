import { type Simulator, type StartSimulatorOptions, startSimulator } from '@triage/cluster-sim';
import { createKubeDryRun, createKubeReader, loadKubeConfig } from '@triage/kube';
import { contextFor } from './playbook-context.js';

/** A simulator and contexts over it: with dry-run access, and read-only (no ctx.dryRun). */
export async function startSimContext(options: StartSimulatorOptions) {
  const sim: Simulator = await startSimulator(options);
  const kc = loadKubeConfig({ kubeconfig: sim.kubeconfigPath });
  const kube = createKubeReader(kc);
  return {
    sim,
    kube,
    withDryRun: () => contextFor(kube, createKubeDryRun(kc)),
    readOnly: () => contextFor(kube),
    /** Every workload, budget and pod as JSON: compared before and after to prove nothing changed. */
    async snapshot() {
      const lists = await Promise.all(
        ['deployments', 'statefulsets', 'replicasets', 'poddisruptionbudgets', 'pods'].map((r) =>
          kube.list(r),
        ),
      );
      return JSON.stringify(lists);
    },
  };
}
