import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { type Simulator, startSimulator } from '@triage/cluster-sim';
import type { Finding } from '@triage/core';
import {
  linuxNodeHistory,
  openMetricsText,
  type PrometheusServer,
  startPrometheus,
} from '@triage/dev-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TRIAGE = resolve(import.meta.dirname, '../bin/triage.js');
const NODE = 'aks-userpool-31415926-vmss000000';
const GiB = 1024 ** 3;
let sim: Simulator;
let prometheus: PrometheusServer;

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'node-notready-memory' });
  const end = new Date();
  prometheus = await startPrometheus({
    openMetrics: openMetricsText(
      linuxNodeHistory({
        node: NODE,
        address: '10.224.0.6',
        start: new Date(end.getTime() - 70 * 60_000),
        end,
        stepSeconds: 60,
        memoryTotalBytes: 16 * GiB,
        memoryAvailable: () => 8 * GiB,
      }),
    ),
  });
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  await sim?.close();
});

describe('triage run with TRIAGE_PROMETHEUS_URL', () => {
  it('gives node-health ctx.metrics: its findings carry the memory chart', async () => {
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((done) =>
      execFile(
        process.execPath,
        [TRIAGE, 'run', 'node-health', '--node', NODE, '--json'],
        {
          encoding: 'utf8',
          timeout: 90_000,
          maxBuffer: 16 * 1024 * 1024,
          env: {
            PATH: process.env.PATH,
            KUBECONFIG: sim.kubeconfigPath,
            TRIAGE_PROMETHEUS_URL: prometheus.url,
          },
        },
        (_, out, err) => done({ stdout: out, stderr: err }),
      ),
    );
    expect(stderr).toBe('');
    const { findings } = JSON.parse(stdout) as { findings: Finding[] };
    const memory = findings.find((f) => f.title.startsWith(`Memory of ${NODE}`));
    expect(memory?.title).toContain('used peaked at 50 % (8.00 GiB available');
    expect(memory?.attachments?.[0]?.contentType).toBe('image/png');
  }, 120_000);
});
