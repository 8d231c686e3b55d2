import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { waitFor } from '@triage/dev-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from './support/pipeline.js';

const TOKEN = 'az-action-group-token';
// The gateway's documented fixture: a log search alert (scheduled query rule V2) on an AKS cluster
// named aks-prod, with the node in the Computer dimension.
const fixture = readFileSync(
  resolve(import.meta.dirname, '../../../services/gateway/test/fixtures/azure-monitor/log-v2-computer.json'),
  'utf8',
);

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline('node-notready-memory', {
    TRIAGE_CLUSTER: 'aks-prod',
    TRIAGE_AZURE_MONITOR_TOKEN: TOKEN,
  });
});
afterAll(async () => {
  await pipeline?.close();
});

const post = (body: string, token: string) =>
  fetch(`${pipeline.url}/v1/alerts/azure-monitor?token=${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

describe('Azure Monitor action group → gateway → runner → chat', () => {
  it('investigates the node named by the Computer dimension of a log search alert, and resolves with it', async () => {
    const node = await pipeline.notReadyNode();
    const fired = fixture.replaceAll('aks-np1-31415926-vmss000002', node);
    expect((await post(fired, 'wrong')).status).toBe(403);
    expect((await post(fired, TOKEN)).status).toBe(202);

    await waitFor(
      async () => (await pipeline.openInvestigations())[0]?.state === 'findings',
      60_000,
      'findings',
    );
    const [investigation] = await pipeline.openInvestigations();
    expect(investigation).toMatchObject({
      cluster: 'aks-prod',
      subject: `node/${node}`,
      title: 'Nodes not ready',
    });
    const findings = (await pipeline.transcript()).flatMap((e) => e.findings ?? []);
    expect(findings.some((f) => f.subject === `node/${node}` && f.severity === 'critical')).toBe(true);

    const resolved = fired.replace('"monitorCondition": "Fired"', '"monitorCondition": "Resolved"');
    expect((await post(resolved, TOKEN)).status).toBe(202);
    await waitFor(async () => (await pipeline.openInvestigations()).length === 0, 30_000, 'resolved');
  });
});
