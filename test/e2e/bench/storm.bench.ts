// Alert storm: 10,000 firing alerts about pods on 3 failing nodes. A person should get one thread
// per failing node, and Slack a handful of calls, not 10,000.
import { createSlackApiServer } from '@triage/chat/testing';
import { loadConfig, startServices } from '@triage/cli';
import { startSimulator } from '@triage/cluster-sim';
import type { KubeObject } from '@triage/core';
import { createInvestigationStore, RUN_QUEUE } from '@triage/runner';
import { freePort, startLocalRedis, waitFor } from '@triage/dev-services';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';

const ALERTS = Number(process.env.STORM_ALERTS ?? 10_000);
const ALERT_NAMES = [
  'KubePodCrashLooping',
  'KubePodNotReady',
  'KubeContainerWaiting',
  'KubeDeploymentReplicasMismatch',
];
const PODS = Math.ceil(ALERTS / ALERT_NAMES.length);
const BATCH = 100;
const stamp = '2025-03-04T08:00:00Z';

const node = (name: string, ready: boolean): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name,
    labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': name },
    creationTimestamp: stamp,
  },
  spec: {},
  status: {
    conditions: [
      {
        type: 'Ready',
        status: ready ? 'True' : 'Unknown',
        reason: ready ? 'KubeletReady' : 'NodeStatusUnknown',
        message: ready ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.',
        lastHeartbeatTime: stamp,
        lastTransitionTime: stamp,
      },
    ],
    addresses: [
      { type: 'InternalIP', address: `10.224.0.${name.length}` },
      { type: 'Hostname', address: name },
    ],
  },
});
const failing = ['aks-np1-31415926-vmss000001', 'aks-np1-31415926-vmss000002', 'aks-np1-31415926-vmss000003'];
const objects: KubeObject[] = [
  ...failing.map((n) => node(n, false)),
  node('aks-np1-31415926-vmss000000', true),
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'shop', creationTimestamp: stamp },
    spec: {},
    status: { phase: 'Active' },
  },
  ...Array.from(
    { length: PODS },
    (_, i): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `web-${i}`, namespace: 'shop', labels: { app: 'web' }, creationTimestamp: stamp },
      spec: { nodeName: failing[i % failing.length], containers: [{ name: 'web', image: 'nginx:1.27' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] },
    }),
  ),
];

const redis = await startLocalRedis();
const sim = await startSimulator({ objects });
const slack = await createSlackApiServer();
const base = loadConfig({
  env: {
    REDIS_URL: redis.url,
    TRIAGE_PORT: String(await freePort()),
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    TRIAGE_SLACK_API_URL: slack.url,
    TRIAGE_SLACK_CHANNEL: 'C0STORM',
  },
});
const config = {
  ...base,
  kube: { ...base.kube, kubeconfig: sim.kubeconfigPath },
  gateway: { ...base.gateway, host: '127.0.0.1' },
};
const services = await startServices(config, { gateway: true, worker: true }, pino({ level: 'silent' }));
const client = new Redis(redis.url, { maxRetriesPerRequest: null });
const runs = new Queue(RUN_QUEUE, { connection: client, prefix: config.redis.prefix });

try {
  const started = performance.now();
  const alerts = Array.from({ length: ALERTS }, (_, i) => {
    const labels = {
      alertname: ALERT_NAMES[i % ALERT_NAMES.length] as string,
      namespace: 'shop',
      pod: `web-${Math.floor(i / ALERT_NAMES.length)}`,
      severity: 'warning',
    };
    return {
      status: 'firing',
      labels,
      annotations: {},
      startsAt: stamp,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: '',
      fingerprint: i.toString(16).padStart(16, '0'),
    };
  });
  for (let i = 0; i < alerts.length; i += BATCH) {
    const res = await fetch(`${services.url}/v1/alerts/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: '4',
        groupKey: `{}:{n="${i}"}`,
        truncatedAlerts: 0,
        status: 'firing',
        receiver: 'triage',
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        externalURL: 'http://am',
        alerts: alerts.slice(i, i + BATCH),
      }),
    });
    if (res.status !== 202) throw new Error(`gateway answered ${res.status}`);
  }
  const accepted = performance.now();
  const store = createInvestigationStore(client, config.redis.prefix);
  await waitFor(
    async () => {
      const open = await store.listOpen('default');
      const signals = open.reduce((n, inv) => n + inv.signals, 0);
      return (
        signals >= ALERTS &&
        (await runs.getActiveCount()) + (await runs.getWaitingCount()) === 0 &&
        open.every((i) => i.state !== 'investigating')
      );
    },
    600_000,
    'storm placed and investigated',
  );
  const done = performance.now();
  const open = await store.listOpen('default');
  const chatCalls = slack.calls.filter((c) => c.method !== 'auth.test').length;
  const byMethod = new Map<string, number>();
  for (const c of slack.calls) byMethod.set(c.method, (byMethod.get(c.method) ?? 0) + 1);
  console.log(
    `\nalert storm: ${ALERTS} firing alerts about ${PODS} pods on ${failing.length} NotReady nodes, ${ALERTS / BATCH} webhooks of ${BATCH}\n`,
  );
  console.log('| measure | value |\n|---|---:|');
  console.log(`| investigations (threads) | ${open.length} |`);
  console.log(`| signals placed | ${open.reduce((n, i) => n + i.signals, 0)} |`);
  console.log(`| chat API calls | ${chatCalls} (${[...byMethod].map(([m, n]) => `${m} ${n}`).join(', ')}) |`);
  console.log(`| gateway accepted all, s | ${((accepted - started) / 1000).toFixed(1)} |`);
  console.log(`| all placed and investigated, s | ${((done - started) / 1000).toFixed(1)} |`);
  console.log(`| signals placed per s | ${(ALERTS / ((done - started) / 1000)).toFixed(0)} |`);
  console.log(`\nthreads: ${open.map((i) => `${i.subject} (${i.signals} signals)`).join(', ')}`);
  if (open.length > 3 || chatCalls > 30) process.exitCode = 1;
} finally {
  await runs.close();
  client.disconnect();
  await services.close();
  await slack.close();
  await sim.close();
  await redis.stop();
}
