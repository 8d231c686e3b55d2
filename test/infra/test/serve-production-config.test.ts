import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '@triage/cluster-sim';
import { freePort, type RedisServer, startLocalRedis, waitFor } from '@triage/dev-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Manifest, renderKustomization } from '../src/render-kustomization.js';

// `triage serve` with the configuration the production overlay mounts (its ConfigMap, verbatim)
// and the environment its Deployments set, against a real redis-server and the cluster simulator.
const repo = new URL('../../../', import.meta.url).pathname;
const token = 'am-token-for-this-test';
let redis: RedisServer;
let sim: Simulator;
let dir: string;
let triage: ChildProcess;
let output = '';
let base: string;
let exited: Promise<number | null>;

/** Names of the environment variables the production Deployments set for Triage's containers. */
function deploymentEnv(objects: Manifest[]): string[] {
  return objects
    .filter((m) => m.kind === 'Deployment')
    .flatMap(
      (m) =>
        (m.spec as { template: { spec: { containers: { env?: { name: string }[] }[] } } }).template.spec
          .containers,
    )
    .flatMap((c) => (c.env ?? []).map((e) => e.name));
}

let envNames: string[] = [];

beforeAll(async () => {
  const { objects } = await renderKustomization(`${repo}infra/k8s/overlays/production`);
  const configMap = objects.find(
    (m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith('triage-config'),
  );
  envNames = deploymentEnv(objects);
  dir = mkdtempSync(join(tmpdir(), 'triage-prod-config-'));
  const file = (configMap?.data as Record<string, string> | undefined)?.['triage.yaml'];
  if (!file) throw new Error('the production overlay renders no triage-config ConfigMap with triage.yaml');
  writeFileSync(join(dir, 'triage.yaml'), file);
  [redis, sim] = await Promise.all([startLocalRedis(), startSimulator({})]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  triage = spawn(process.execPath, [`${repo}packages/cli/bin/triage.js`, 'serve'], {
    env: {
      PATH: process.env.PATH,
      // As the Deployments set them: the mounted file, Redis from the Secret triage-redis, tokens from triage-secrets.
      TRIAGE_CONFIG: join(dir, 'triage.yaml'),
      REDIS_URL: redis.url,
      TRIAGE_ALERTMANAGER_TOKEN: token,
      TRIAGE_AZURE_MONITOR_TOKEN: 'azure-token-for-this-test',
      // In a pod: the service account; here: the simulator.
      KUBECONFIG: sim.kubeconfigPath,
      TRIAGE_PORT: String(port),
      TRIAGE_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  triage.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  triage.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  exited = new Promise((resolve) => triage.once('exit', (code) => resolve(code)));
  await waitFor(
    async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200,
    90_000,
    'triage serve ready',
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${output}`);
  });
}, 150_000);

afterAll(async () => {
  if (triage && triage.exitCode === null) triage.kill('SIGKILL');
  await Promise.all([redis?.stop(), sim?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('triage serve with the production overlay configuration', () => {
  it('sets only environment variables Triage reads', () => {
    const read = [
      'TRIAGE_CONFIG',
      'REDIS_URL',
      'TRIAGE_ALERTMANAGER_TOKEN',
      'TRIAGE_AZURE_MONITOR_TOKEN',
      'SLACK_BOT_TOKEN',
    ];
    expect(envNames).toContain('REDIS_URL');
    expect(envNames.filter((name) => !read.includes(name))).toEqual([]);
  });

  it('is ready and healthy on the probe endpoints', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
  });

  it('acknowledges an Alertmanager webhook with the bearer token, and refuses one without', async () => {
    const body = JSON.stringify({
      version: '4',
      groupKey: '{}:{alertname="KubeNodeNotReady"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'triage',
      groupLabels: { alertname: 'KubeNodeNotReady' },
      commonLabels: { alertname: 'KubeNodeNotReady', node: 'aks-np1-0' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager.monitoring:9093',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'KubeNodeNotReady', node: 'aks-np1-0', severity: 'warning' },
          annotations: { summary: 'node not ready' },
          startsAt: new Date().toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus/graph',
          fingerprint: '5f3a1c0d9e8b7a61',
        },
      ],
    });
    const url = `${base}/v1/alerts/alertmanager`;
    const headers = { 'Content-Type': 'application/json' };
    expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(401);
    const accepted = await fetch(url, {
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${token}` },
      body,
    });
    expect(accepted.status).toBe(202);
  });

  it('exports every metric the Grafana dashboard queries', async () => {
    const exposition = await (await fetch(`${base}/metrics`)).text();
    const exported = new Set<string>();
    for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      exported.add(name as string);
      if (type === 'histogram')
        for (const suffix of ['_bucket', '_sum', '_count']) exported.add(`${name}${suffix}`);
    }
    const dashboard = JSON.parse(readFileSync(`${repo}infra/grafana/triage-dashboard.json`, 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
      templating: { list: { definition?: string }[] };
    };
    const queries = [
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
      ...dashboard.templating.list.flatMap((v) => (v.definition ? [v.definition] : [])),
    ];
    const queried = new Set(queries.flatMap((q) => q.match(/\btriage_[a-z_]+\b/g) ?? []));
    expect(queried.size).toBeGreaterThanOrEqual(6);
    expect([...queried].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('stops cleanly on SIGTERM, as Kubernetes stops a pod', async () => {
    triage.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('shutting down');
  });
});
