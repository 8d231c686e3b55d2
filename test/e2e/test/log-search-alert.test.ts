import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { readTranscript } from '@triage/chat';
import { startSimulator } from '@triage/cluster-sim';
import type { Finding } from '@triage/core';
import { freePort, type RedisServer, startLocalRedis, waitFor } from '@triage/dev-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type QueryAnswer,
  type QueryRequest,
  startLogAnalyticsEndpoint,
} from '../../../playbooks/container-logs/test/support/log-analytics-endpoint.js';

// A log search alert (scheduled query rule V2, common alert schema) about the windows-mixed IIS pod
// whose `kubectl logs` is empty: the action group posts it to `triage serve` (a real process, so that
// Node trusts the local Log Analytics endpoint's self-signed CA from NODE_EXTRA_CA_CERTS), the gateway
// queues it in a real redis-server, the runner routes it, container-logs re-runs the alert's query over
// the alert's window and reads the pod's IIS 5xx lines, all through the real SDK over HTTPS.

const run = promisify(execFile);
const TRIAGE = resolve(import.meta.dirname, '../../../packages/cli/bin/triage.js');
const TOKEN = 'az-log-alert-token';
const WORKSPACE = '33333333-3333-3333-3333-333333333333';
const FIXTURE_POD = 'iis-site-6kn6mj9ppp-69c4m';
const CLUSTER_RESOURCE =
  '/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg-aks-prod/providers/microsoft.containerservice/managedclusters/aks-prod';
const fixture = readFileSync(
  resolve(import.meta.dirname, 'fixtures/azure-monitor/log-v2-iis-5xx.json'),
  'utf8',
);
const alertQuery = (
  JSON.parse(fixture) as { data: { alertContext: { condition: { allOf: { searchQuery: string }[] } } } }
).data.alertContext.condition.allOf[0]?.searchQuery as string;

const logColumns = [
  'TimeGenerated',
  'PodNamespace',
  'PodName',
  'ContainerName',
  'LogSource',
  'Computer',
  'Message',
];
const iisLines = [
  '2025-03-04 08:16:02 10.244.3.7 GET /api/cart - 80 - 10.244.0.12 Mozilla/5.0 - 500 19 5 2210',
  '2025-03-04 08:21:40 10.244.3.7 POST /api/checkout - 80 - 10.244.0.12 Mozilla/5.0 - 500 19 5 1984',
  '2025-03-04 08:27:13 10.244.3.7 GET /api/cart - 80 - 10.244.0.12 Mozilla/5.0 - 503 0 64 15',
];

let pod = FIXTURE_POD;
const table = (columns: { name: string; type: string }[], rows: unknown[][]): QueryAnswer => ({
  status: 200,
  body: { tables: [{ name: 'PrimaryResult', columns, rows }] },
});
const strings = (names: string[]) => names.map((name) => ({ name, type: 'string' }));

// The workspace: ContainerLogV2 is enabled; IIS of the pod answered 5xx three times.
function answer(req: QueryRequest): QueryAnswer {
  const { query } = req.body;
  if (query === 'ContainerLogV2\n| take 1')
    return table(strings(logColumns), [
      ['2025-03-04T08:20:00Z', 'win', pod, 'iis-site', 'stdout', 'akswin22000000', 'x'],
    ]);
  if (query.startsWith(alertQuery.replaceAll(FIXTURE_POD, pod)))
    return table(
      [...strings(['PodName', 'PodNamespace']), { name: 'Count', type: 'long' }],
      [[pod, 'win', 3]],
    );
  if (query.includes('Status >= 500')) {
    return table(
      [...strings(logColumns), { name: 'Status', type: 'int' }],
      iisLines.map((line, i) => [
        `2025-03-04T08:${16 + i * 5}:00Z`,
        'win',
        pod,
        'iis-site',
        'stdout',
        'akswin22000000',
        line,
        Number(line.split(' ').at(-4)),
      ]),
    );
  }
  return table(strings(logColumns), []);
}

let endpoint: Awaited<ReturnType<typeof startLogAnalyticsEndpoint>>;
let redis: RedisServer;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let serve: ChildProcess;
let serveOutput = '';
let dir: string;
let url: string;

beforeAll(async () => {
  endpoint = await startLogAnalyticsEndpoint(answer);
  redis = await startLocalRedis();
  sim = await startSimulator({ scenario: 'windows-mixed' });
  dir = mkdtempSync(join(tmpdir(), 'triage-log-alert-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  serve = spawn(process.execPath, [TRIAGE, 'serve'], {
    env: {
      ...endpoint.childEnv,
      KUBECONFIG: sim.kubeconfigPath,
      REDIS_URL: redis.url,
      TRIAGE_PORT: String(port),
      TRIAGE_CLUSTER: 'aks-prod',
      TRIAGE_AZURE_MONITOR_TOKEN: TOKEN,
      TRIAGE_TRANSCRIPT: join(dir, 'transcript.jsonl'),
      TRIAGE_LOG_ANALYTICS_WORKSPACE_ID: WORKSPACE,
      TRIAGE_LOG_ANALYTICS_ENDPOINT: endpoint.endpoint,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serve.stdout?.on('data', (chunk: Buffer) => {
    serveOutput = (serveOutput + chunk.toString()).slice(-20_000);
  });
  serve.stderr?.on('data', (chunk: Buffer) => {
    serveOutput = (serveOutput + chunk.toString()).slice(-20_000);
  });
  await waitFor(
    async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok === true,
    60_000,
    'triage serve answering /healthz',
  );
}, 120_000);

afterAll(async () => {
  if (serve && serve.exitCode === null) {
    const exited = new Promise((done) => serve.once('exit', done));
    serve.kill('SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 20_000))]);
    if (serve.exitCode === null) serve.kill('SIGKILL');
  }
  await sim?.close();
  await redis?.stop();
  await endpoint?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const findingsOf = async (): Promise<Finding[]> =>
  (await readTranscript(join(dir, 'transcript.jsonl')).catch(() => [])).flatMap((e) => e.findings ?? []);

describe('Azure Monitor log search alert → gateway → redis → runner → container-logs → thread', () => {
  it('re-runs the alert query over its window and shows the IIS 5xx lines of the pod kubectl logs has nothing for', async () => {
    const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', sim.kubeconfigPath, ...args]);
    const pods = JSON.parse((await kubectl('get', 'pods', '-n', 'win', '-o', 'json')).stdout) as {
      items: { metadata: { name: string } }[];
    };
    pod = pods.items.map((p) => p.metadata.name).find((name) => name.startsWith('iis-site-')) as string;
    expect(pod).toBeDefined();
    expect((await kubectl('logs', '-n', 'win', pod)).stdout).toBe('');

    const body = fixture.replaceAll(FIXTURE_POD, pod);
    const posted = await fetch(`${url}/v1/alerts/azure-monitor?token=${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(posted.status).toBe(202);

    await waitFor(
      async () => {
        const titles = (await findingsOf()).map((f) => f.title);
        return (
          titles.some((t) => t.includes('IIS requests answered 5xx')) &&
          titles.some((t) => t.startsWith('Log search alert'))
        );
      },
      90_000,
      `container-logs findings in the transcript; triage serve said:\n${serveOutput}`,
    );
    const findings = await findingsOf();

    const rerun = endpoint.requests.find((r) =>
      r.body.query.startsWith(alertQuery.replaceAll(FIXTURE_POD, pod)),
    );
    // Where the rule ran it: resource-centric, on the cluster the alert targets.
    expect(rerun?.path).toBe(`/v1${CLUSTER_RESOURCE}/query`);
    expect(rerun?.body).toEqual({
      query: `${alertQuery}\n| take 500`,
      timespan: '2025-03-04T08:15:00.000Z/2025-03-04T08:30:00.000Z',
    });

    const alertFinding = findings.find((f) => f.title.startsWith('Log search alert'));
    expect(alertFinding).toMatchObject({
      severity: 'warning',
      subject: `pod/win/${pod}`,
      title:
        'Log search alert "IIS site answers 5xx": its query returns 1 row over 2025-03-04T08:15:00.000Z to 2025-03-04T08:30:00.000Z',
    });
    expect(alertFinding?.detail).toContain(
      `re-run on the alert's resource ${CLUSTER_RESOURCE} over the window the alert evaluated`,
    );
    expect(alertFinding?.attachments?.[0]).toMatchObject({
      filename: 'log-search-alert.csv',
      content: `PodName,PodNamespace,Count\r\n${pod},win,3\r\n`,
    });

    const iis = findings.find((f) => f.title.includes('IIS requests answered 5xx'));
    expect(iis).toMatchObject({
      severity: 'warning',
      subject: `pod/win/${pod}`,
      title: `3 IIS requests answered 5xx in pod win/${pod} over the last 1h, 2 patterns`,
    });
    expect(iis?.detail).toContain('From ContainerLogV2');
    expect(
      endpoint.requests.filter((r) => r.body.query.includes('Status >= 500')).map((r) => r.path),
    ).toEqual([`/v1/workspaces/${WORKSPACE}/query`]);
    expect(iis?.attachments?.[0]?.content).toContain(iisLines[1]);
  });
});
