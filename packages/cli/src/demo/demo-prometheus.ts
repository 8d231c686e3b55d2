import { type PrometheusServer, scenarioNodeHistory, startPrometheus } from '@triage/dev-services';
import { createKubeReader, loadKubeConfig } from '@triage/kube';

/**
 * A local Prometheus holding two hours of exporter history for the simulated cluster's nodes, so that
 * node-health can chart memory in the demo. Undefined (and a note) when `prometheus` is not installed.
 */
export async function startDemoPrometheus(
  kubeconfig: string,
  out: NodeJS.WritableStream,
): Promise<PrometheusServer | undefined> {
  try {
    const kube = createKubeReader(loadKubeConfig({ kubeconfig }));
    return await startPrometheus({ openMetrics: await scenarioNodeHistory(kube) });
  } catch (err) {
    out.write(`  (no metric charts: ${(err as Error).message})\n`);
    return undefined;
  }
}
