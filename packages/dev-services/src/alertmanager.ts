import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port.js';

/** A real prometheus-alertmanager (Debian package) sending its webhook to `webhookUrl`. */
export interface AlertmanagerServer {
  url: string;
  /** Posts alerts through Alertmanager's own API (`POST /api/v2/alerts`). */
  postAlerts(alerts: PostableAlert[]): Promise<void>;
  stop(): Promise<void>;
}

/** Alertmanager API v2 `postableAlert`. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface AlertmanagerOptions {
  webhookUrl: string;
  bearerToken?: string;
  /** group_wait / group_interval, short so that tests and benchmarks see deliveries quickly. */
  groupWait?: string;
  groupInterval?: string;
}

function configYaml(o: AlertmanagerOptions): string {
  const auth = o.bearerToken
    ? `\n    http_config:\n      authorization:\n        type: Bearer\n        credentials: ${JSON.stringify(o.bearerToken)}`
    : '';
  return `route:
  receiver: triage
  group_by: ['alertname', 'node', 'pod', 'namespace']
  group_wait: ${o.groupWait ?? '1s'}
  group_interval: ${o.groupInterval ?? '1s'}
  repeat_interval: 4h
receivers:
- name: triage
  webhook_configs:
  - url: ${JSON.stringify(o.webhookUrl)}
    send_resolved: true${auth}
`;
}

/** Starts Alertmanager on a free port with clustering off and a throw-away storage directory. */
export async function startAlertmanager(options: AlertmanagerOptions): Promise<AlertmanagerServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'triage-am-'));
  writeFileSync(join(dir, 'alertmanager.yml'), configYaml(options));
  const child: ChildProcess = spawn(
    'prometheus-alertmanager',
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${dir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (err) =>
      reject(
        new Error(
          `cannot start prometheus-alertmanager (apt-get install prometheus-alertmanager): ${err.message}`,
        ),
      ),
    ),
  );
  await Promise.race([
    waitFor(async () => (await fetch(`${url}/-/ready`)).ok, 20_000, 'alertmanager ready'),
    failed,
  ]);
  return {
    url,
    async postAlerts(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!res.ok) throw new Error(`alertmanager refused alerts: ${res.status} ${await res.text()}`);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
