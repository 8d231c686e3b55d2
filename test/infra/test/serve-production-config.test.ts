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
let serve: TriageProcess;
let worker: TriageProcess;
let envNames: string[] = [];

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

interface TriageProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `triage <role>` as a Deployment would, and waits until its /readyz answers 200. */
async function startTriage(role: 'serve' | 'worker', portVariable: string): Promise<TriageProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [`${repo}packages/cli/bin/triage.js`, role], {
    env: {
      PATH: process.env.PATH,
      // As the Deployments set them: the mounted file, Redis from the Secret triage-redis, tokens from triage-secrets.
      TRIAGE_CONFIG: join(dir, 'triage.yaml'),
      REDIS_URL: redis.url,
      TRIAGE_ALERTMANAGER_TOKEN: token,
      TRIAGE_AZURE_MONITOR_TOKEN: 'azure-token-for-this-test',
      // In a pod: the service account; here: the simulator.
      KUBECONFIG: sim.kubeconfigPath,
      [portVariable]: String(port),
      TRIAGE_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  // Ready, or failed: a process that exits during start is reported at once with its output.
  const ready = waitFor(
    async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200,
    90_000,
    `triage ${role} ready`,
  );
  const died = exited.then((code) => {
    throw new Error(`triage ${role} exited with ${code} while starting`);
  });
  died.catch(() => undefined); // after a good start, its exit is the last test's business
  await Promise.race([ready, died]).catch((err: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${err.message}\n${output}`);
  });
  return { child, url, output: () => output, exited };
}

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
  serve = await startTriage('serve', 'TRIAGE_PORT');
  worker = await startTriage('worker', 'TRIAGE_WORKER_HEALTH_PORT');
}, 240_000);

afterAll(async () => {
  for (const p of [serve, worker]) if (p && p.child.exitCode === null) p.child.kill('SIGKILL');
  await Promise.all([redis?.stop(), sim?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('triage serve and triage worker with the production overlay configuration', () => {
  it('sets only environment variables Triage reads (docs/CONFIGURATION.md, generated from the config schema)', () => {
    const reference = readFileSync(`${repo}docs/CONFIGURATION.md`, 'utf8');
    const read = new Set(['TRIAGE_CONFIG', 'TRIAGE_LOG_LEVEL']);
    for (const [, name] of reference.matchAll(/\| `([A-Z][A-Z0-9_]+)` \|/g)) read.add(name as string);
    expect(read).toContain('REDIS_URL');
    expect(envNames).toContain('REDIS_URL');
    expect(envNames.filter((name) => !read.has(name))).toEqual([]);
  });

  it('is ready and healthy on the probe endpoints, the worker on its health port', async () => {
    for (const { url } of [serve, worker]) {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready' });
    }
    expect((await fetch(`${worker.url}/v1/alerts/alertmanager`, { method: 'GET' })).status).toBe(404);
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
    const url = `${serve.url}/v1/alerts/alertmanager`;
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
    // A serve process exposes the gateway's and the runner's metrics; a worker the runner's.
    const exposition = await (await fetch(`${serve.url}/metrics`)).text();
    expect(await (await fetch(`${worker.url}/metrics`)).text()).toContain(
      '# TYPE triage_job_outcomes_total counter',
    );
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
    for (const p of [serve, worker]) {
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
      expect(p.output()).toContain('shutting down');
    }
  });
});
