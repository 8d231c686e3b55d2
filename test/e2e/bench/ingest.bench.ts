// Durable ingestion, side by side: Triage's gateway (202 only once Redis holds the signals) and
// Alertmanager's own POST /api/v2/alerts, fed the same alerts in the same batches from this process.
import { loadConfig, startServices } from '@triage/cli';
import { freePort, startAlertmanager, startLocalRedis } from '@triage/dev-services';
import { pino } from 'pino';
import { load, percentiles } from './measure.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const BATCH = Number(process.env.BENCH_BATCH ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

function alert(i: number, j: number) {
  return {
    labels: {
      alertname: 'KubePodCrashLooping',
      cluster: 'bench',
      namespace: `ns-${i % 50}`,
      pod: `pod-${i}-${j}`,
      severity: 'warning',
    },
    annotations: { summary: 'Pod is crash looping.' },
    startsAt: new Date().toISOString(),
  };
}

function webhook(i: number) {
  return {
    version: '4',
    groupKey: `{}:{alertname="KubePodCrashLooping",n="${i}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'triage',
    groupLabels: { alertname: 'KubePodCrashLooping' },
    commonLabels: { alertname: 'KubePodCrashLooping', cluster: 'bench' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: Array.from({ length: BATCH }, (_, j) => ({
      ...alert(i, j),
      status: 'firing',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: (i * BATCH + j).toString(16).padStart(16, '0'),
    })),
  };
}

async function post(url: string, body: unknown, expected: number) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  if (res.status !== expected) throw new Error(`${url} answered ${res.status}`);
}

const redis = await startLocalRedis();
const config = loadConfig({ env: { REDIS_URL: redis.url, TRIAGE_PORT: String(await freePort()) } });
const gateway = await startServices(
  { ...config, gateway: { ...config.gateway, host: '127.0.0.1' } },
  { gateway: true, worker: false },
  pino({ level: 'silent' }),
);
const am = await startAlertmanager({
  webhookUrl: 'http://127.0.0.1:9/unused',
  groupWait: '1h',
  groupInterval: '1h',
});

const rows: { name: string; alertsPerSec: number; p50: number; p99: number }[] = [];
try {
  // Warm both up (JIT, connections), then measure.
  await load(200, CONCURRENCY, (i) => post(`${gateway.url}/v1/alerts/alertmanager`, webhook(i + 1e6), 202));
  await load(200, CONCURRENCY, (i) =>
    post(
      `${am.url}/api/v2/alerts`,
      webhook(i + 1e6).alerts.map(({ labels, annotations, startsAt }) => ({ labels, annotations, startsAt })),
      200,
    ),
  );
  for (const [name, run] of [
    [
      'Alertmanager POST /api/v2/alerts',
      (i: number) =>
        post(
          `${am.url}/api/v2/alerts`,
          webhook(i).alerts.map(({ labels, annotations, startsAt }) => ({ labels, annotations, startsAt })),
          200,
        ),
    ],
    [
      'Triage POST /v1/alerts/alertmanager',
      (i: number) => post(`${gateway.url}/v1/alerts/alertmanager`, webhook(i), 202),
    ],
  ] as const) {
    const { latencies, seconds } = await load(REQUESTS, CONCURRENCY, run);
    rows.push({ name, alertsPerSec: (REQUESTS * BATCH) / seconds, ...percentiles(latencies) });
  }
} finally {
  await am.stop();
  await gateway.close();
  await redis.stop();
}

const [amRow, triageRow] = rows as [(typeof rows)[0], (typeof rows)[0]];
console.log(`\ningestion: ${REQUESTS} requests × ${BATCH} alerts, ${CONCURRENCY} in flight, loopback\n`);
console.log('| ingest path | alerts/s | p50 ms | p99 ms |\n|---|---:|---:|---:|');
for (const r of rows)
  console.log(`| ${r.name} | ${r.alertsPerSec.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`);
console.log(
  `\nratio Triage / Alertmanager (alerts/s): ${(triageRow.alertsPerSec / amRow.alertsPerSec).toFixed(2)}×`,
);
