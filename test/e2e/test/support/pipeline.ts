import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTranscript, type TranscriptEntry } from '@triage/chat';
import { createRedisConnection, loadConfig, startServices } from '@triage/cli';
import { startSimulator } from '@triage/cluster-sim';
import type { KubeObject } from '@triage/core';
import { createKubeReader, loadKubeConfig } from '@triage/kube';
import { createInvestigationStore } from '@triage/runner';
import { type AlertmanagerServer, freePort, type RedisServer, startAlertmanager } from '@triage/dev-services';
import { pino } from 'pino';
import { type RedisSetup, standaloneRedis } from './redis-setups.js';

/** Gateway + runner in this process (as `triage serve`), on a real Redis (`R`) and the simulator. */
export interface Pipeline<R = RedisServer> {
  url: string;
  redis: R;
  sim: Awaited<ReturnType<typeof startSimulator>>;
  transcriptPath: string;
  transcript(): Promise<TranscriptEntry[]>;
  openInvestigations(): ReturnType<ReturnType<typeof createInvestigationStore>['listOpen']>;
  notReadyNode(): Promise<string>;
  close(): Promise<void>;
}

export const CLUSTER = 'aks-e2e';
export const TOKEN = 'am-s3cr3t-token';

const isReady = (n: KubeObject) =>
  ((n.status?.conditions ?? []) as { type: string; status: string }[]).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );

/**
 * Starts Redis (standalone unless `setup` says otherwise), the simulator with `scenario`, and
 * `triage serve` with the console chat writing a transcript (`configFile`: a YAML config under the env).
 */
export async function startPipeline<R extends { stop(): Promise<void> } = RedisServer>(
  scenario: string,
  env: NodeJS.ProcessEnv = {},
  setup: RedisSetup<R> = standaloneRedis as unknown as RedisSetup<R>,
  configFile?: string,
): Promise<Pipeline<R>> {
  const redis = await setup.start();
  const sim = await startSimulator({ scenario });
  const transcriptPath = join(mkdtempSync(join(tmpdir(), 'triage-e2e-')), 'transcript.jsonl');
  const base = loadConfig({
    ...(configFile ? { file: configFile } : {}),
    env: {
      ...setup.env(redis),
      TRIAGE_PORT: String(await freePort()),
      TRIAGE_CLUSTER: CLUSTER,
      TRIAGE_ALERTMANAGER_TOKEN: TOKEN,
      TRIAGE_TRANSCRIPT: transcriptPath,
      ...env,
    },
  });
  const config = {
    ...base,
    kube: { ...base.kube, kubeconfig: sim.kubeconfigPath },
    gateway: { ...base.gateway, host: '127.0.0.1' },
    runner: { ...base.runner, lockDurationMs: 5_000 },
  };
  const services = await startServices(
    config,
    { gateway: true, worker: true },
    pino({ level: process.env.TRIAGE_E2E_LOG ?? 'silent' }),
  );
  const client = createRedisConnection(config.redis, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  const store = createInvestigationStore(client, config.redis.prefix);
  return {
    url: services.url as string,
    redis,
    sim,
    transcriptPath,
    transcript: () => readTranscript(transcriptPath).catch(() => []),
    openInvestigations: () => store.listOpen(config.cluster),
    async notReadyNode() {
      const nodes = await createKubeReader(loadKubeConfig({ kubeconfig: sim.kubeconfigPath })).list('nodes');
      const node = nodes.find((n) => !isReady(n));
      if (!node) throw new Error(`scenario ${scenario} has no NotReady node`);
      return node.metadata.name;
    },
    async close() {
      client.disconnect();
      await services.close();
      await sim.close();
      await redis.stop();
    },
  };
}

/**
 * Registers beforeAll/afterAll hooks that start the pipeline on `scenario` and a real Alertmanager
 * whose webhook receiver is the gateway (with the bearer token); returns live accessors.
 */
export function usePipelineWithAlertmanager<R extends { stop(): Promise<void> } = RedisServer>(
  hooks: { beforeAll: (fn: () => Promise<void>) => void; afterAll: (fn: () => Promise<void>) => void },
  scenario: string,
  setup?: RedisSetup<R>,
) {
  const live = {} as { pipeline: Pipeline<R>; am: AlertmanagerServer };
  hooks.beforeAll(async () => {
    live.pipeline = await startPipeline(scenario, {}, setup);
    live.am = await startAlertmanager({
      webhookUrl: `${live.pipeline.url}/v1/alerts/alertmanager`,
      bearerToken: TOKEN,
    });
  });
  hooks.afterAll(async () => {
    await live.am?.stop();
    await live.pipeline?.close();
  });
  return live;
}
