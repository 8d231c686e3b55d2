import { createKubeReader, loadKubeConfig } from '@triage/kube';
import { createInvestigationStore } from '@triage/runner';
import { Redis } from 'ioredis';
import { loadConfig } from '../config.js';
import { startServices } from '../create-services.js';
import { freePort, startLocalRedis, waitFor } from '@triage/dev-services';
import type { createLogger } from '../logger.js';
import { alertsFor, resolved, webhookBody } from './demo-alerts.js';
import { startDemoPrometheus } from './demo-prometheus.js';

async function postWebhook(url: string, body: unknown): Promise<void> {
  const res = await fetch(`${url}/v1/alerts/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Alertmanager/0.25.0' },
    body: JSON.stringify(body),
  });
  if (res.status !== 202) throw new Error(`gateway answered ${res.status}: ${await res.text()}`);
}

/**
 * `triage demo [scenario]`: the whole pipeline on one machine. Starts the cluster simulator with a
 * seed incident, a local redis-server (unless REDIS_URL is set), the gateway and the runner with the
 * console chat; sends the alerts Alertmanager would send for that cluster, waits for the findings,
 * resolves the alerts and waits for the threads to close.
 */
export async function demoCommand(
  scenario: string,
  env: NodeJS.ProcessEnv,
  log: ReturnType<typeof createLogger>,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const { startSimulator } = await import('@triage/cluster-sim');
  const sim = await startSimulator({ scenario });
  const localRedis = env.REDIS_URL ? undefined : await startLocalRedis();
  const redisUrl = env.REDIS_URL ?? (localRedis?.url as string);
  const prometheus = env.TRIAGE_PROMETHEUS_URL
    ? undefined
    : await startDemoPrometheus(sim.kubeconfigPath, out);
  const base = loadConfig({
    env: {
      ...env,
      REDIS_URL: redisUrl,
      TRIAGE_PORT: String(await freePort()),
      TRIAGE_CLUSTER: 'demo',
      ...(prometheus && { TRIAGE_PROMETHEUS_URL: prometheus.url }),
    },
  });
  const config = {
    ...base,
    kube: { ...base.kube, kubeconfig: sim.kubeconfigPath },
    gateway: { ...base.gateway, host: '127.0.0.1' },
  };
  const services = await startServices(config, { gateway: true, worker: true }, log);
  const redis = new Redis(redisUrl);
  const store = createInvestigationStore(redis, config.redis.prefix);
  try {
    out.write(
      `\n▶ Triage demo: scenario ${scenario}\n  simulator ${sim.url} (kubectl --kubeconfig ${sim.kubeconfigPath})\n  gateway ${services.url}, redis ${redisUrl}\n\n`,
    );
    const kube = createKubeReader(loadKubeConfig({ kubeconfig: sim.kubeconfigPath }));
    const alerts = alertsFor(await kube.list('nodes'), await kube.list('pods'), new Date());
    if (alerts.length === 0) {
      out.write('The cluster is healthy: nothing would alert.\n');
      return;
    }
    out.write(
      `▶ Alertmanager → gateway: ${alerts.length} firing alert(s): ${[...new Set(alerts.map((a) => a.labels.alertname))].join(', ')}\n\n`,
    );
    await postWebhook(services.url as string, webhookBody(alerts, 'firing'));
    await waitFor(
      async () => {
        const open = await store.listOpen('demo');
        return open.length > 0 && open.every((i) => i.state !== 'investigating');
      },
      120_000,
      'findings',
    );
    out.write('\n▶ Alerts resolve\n\n');
    await postWebhook(services.url as string, webhookBody(resolved(alerts, new Date()), 'resolved'));
    await waitFor(async () => (await store.listOpen('demo')).length === 0, 60_000, 'threads resolved');
    out.write('\n▶ Demo finished: every thread is resolved.\n');
  } finally {
    redis.disconnect();
    await services.close();
    await localRedis?.stop();
    await prometheus?.stop();
    await sim.close();
  }
}
