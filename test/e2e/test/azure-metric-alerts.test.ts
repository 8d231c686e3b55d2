import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '@triage/cli';
import { waitFor } from '@triage/dev-services';
import { createInvestigationStore } from '@triage/runner';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from './support/pipeline.js';

// Metric alerts from Azure Monitor on an AKS cluster: a managed Prometheus alert (labels) and a
// platform metric alert (dimensions), both about a node, as the gateway's common-schema fixtures.
const TOKEN = 'az-metric-token';
const FIXTURE_NODE = 'aks-np1-31415926-vmss000002';
const fixture = (name: string) =>
  readFileSync(
    resolve(import.meta.dirname, `../../../services/gateway/test/fixtures/azure-monitor/${name}.json`),
    'utf8',
  );

let pipeline: Pipeline;
let client: Redis;
beforeAll(async () => {
  pipeline = await startPipeline('node-notready-memory', {
    TRIAGE_CLUSTER: 'aks-prod',
    TRIAGE_AZURE_MONITOR_TOKEN: TOKEN,
  });
  client = new Redis(pipeline.redis.url, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
});
afterAll(async () => {
  client?.disconnect();
  await pipeline?.close();
});

const post = (body: string) =>
  fetch(`${pipeline.url}/v1/alerts/azure-monitor?token=${TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

describe('Azure Monitor metric and Prometheus alerts on AKS → subject → playbooks', () => {
  it('routes a managed Prometheus KubeNodeNotReady by its node label to node-health, and a metric alert by its node dimension to the same investigation', async () => {
    const node = await pipeline.notReadyNode();
    const store = createInvestigationStore(client, loadConfig({ env: {} }).redis.prefix);

    expect((await post(fixture('prometheus-node-not-ready').replaceAll(FIXTURE_NODE, node))).status).toBe(
      202,
    );
    await waitFor(
      async () => (await pipeline.openInvestigations())[0]?.state === 'findings',
      60_000,
      'findings of the Prometheus alert',
    );
    const [investigation] = await pipeline.openInvestigations();
    expect(investigation).toMatchObject({ cluster: 'aks-prod', subject: `node/${node}` });
    const id = investigation?.id as string;
    expect((await store.runs(id)).map((r) => r.playbook)).toContain('node-health');

    // Its rule name names no playbook: without a configured route it gets `describe`, in the node's thread.
    expect((await post(fixture('metric-fired-aks').replaceAll(FIXTURE_NODE, node))).status).toBe(202);
    await waitFor(
      async () => (await store.runs(id)).some((r) => r.playbook === 'describe'),
      60_000,
      'describe run of the metric alert',
    );
    expect((await pipeline.openInvestigations()).map((i) => i.subject)).toEqual([`node/${node}`]);
    expect((await store.runs(id)).every((r) => !r.failed)).toBe(true);
  });
});
