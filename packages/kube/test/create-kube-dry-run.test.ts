import { afterEach, describe, expect, it } from 'vitest';
import { createKubeDryRun } from '../src/create-kube-dry-run.js';
import { kubeErrorCodes } from '../src/errors.js';
import { sendJson, startStubApiServer } from './stub-api-server.js';

// Answers the simulator does not give: RBAC 403, API throttling, a budget with negative allowance.
describe('createKubeDryRun (stub API server)', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function stubAnswering(status: number, body: unknown) {
    const bodies: { url: string; contentType: string | undefined; body: string }[] = [];
    const stub = await startStubApiServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => {
        text += chunk;
      });
      req.on('end', () => {
        bodies.push({ url: req.url ?? '', contentType: req.headers['content-type'], body: text });
        sendJson(res, status, body);
      });
    });
    close = stub.close;
    return { dryRun: createKubeDryRun(stub.kc), bodies };
  }

  it('sends a policy/v1 Eviction with dryRun=All in the query and in deleteOptions', async () => {
    const { dryRun, bodies } = await stubAnswering(201, { kind: 'Status', status: 'Success' });
    expect(await dryRun.evict('web', 'nginx-1')).toMatchObject({ allowed: true, status: 201 });
    expect(bodies[0]?.url).toBe('/api/v1/namespaces/web/pods/nginx-1/eviction?dryRun=All');
    expect(JSON.parse(bodies[0]?.body ?? '')).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'nginx-1', namespace: 'web' },
      deleteOptions: { dryRun: ['All'] },
    });
  });

  it('sends each patch type with its content type', async () => {
    const { dryRun, bodies } = await stubAnswering(200, { metadata: { name: 'nginx' } });
    await dryRun.patch('deployments', 'nginx', 'web', { spec: { replicas: 2 } }, 'merge');
    await dryRun.patch('deployments', 'nginx', 'web', { spec: { replicas: 2 } }, 'strategic');
    await dryRun.patch('deployments', 'nginx', 'web', [], 'json');
    expect(bodies.map((b) => b.contentType)).toEqual([
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
      'application/json-patch+json',
    ]);
    expect(bodies[0]?.url).toBe('/apis/apps/v1/namespaces/web/deployments/nginx?dryRun=All');
  });

  it('throws FORBIDDEN naming the verb and resource when RBAC refuses the eviction', async () => {
    const { dryRun } = await stubAnswering(403, {
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      message: 'pods "nginx-1" is forbidden: User "triage" cannot create resource "pods/eviction"',
      details: { name: 'nginx-1', kind: 'pods' },
      code: 403,
    });
    const err = await dryRun.evict('web', 'nginx-1').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: kubeErrorCodes.forbidden, status: 403 });
    expect((err as Error).message).toContain('"create" on "pods/eviction"');
  });

  it('reports a budget with negative allowance (403 about the budget) as a refused eviction', async () => {
    const { dryRun } = await stubAnswering(403, {
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      message: 'poddisruptionbudget.policy "web-pdb" is forbidden: pdb disruptions allowed is negative',
      details: { name: 'web-pdb', group: 'policy', kind: 'poddisruptionbudget' },
      code: 403,
    });
    expect(await dryRun.evict('web', 'nginx-1')).toMatchObject({ allowed: false, status: 403 });
  });

  it('throws a retryable error for API throttling (429 without a budget cause)', async () => {
    const { dryRun } = await stubAnswering(429, {
      kind: 'Status',
      status: 'Failure',
      reason: 'TooManyRequests',
      message: 'Too many requests, please try again later.',
      code: 429,
    });
    await expect(dryRun.evict('web', 'nginx-1')).rejects.toMatchObject({ code: kubeErrorCodes.unavailable });
  });

  it('reports a conflicting patch (409) as not allowed', async () => {
    const { dryRun } = await stubAnswering(409, {
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on deployments.apps "nginx": the object has been modified',
      code: 409,
    });
    expect(await dryRun.patch('deployments', 'nginx', 'web', {}, 'merge')).toMatchObject({
      allowed: false,
      status: 409,
      message: expect.stringContaining('has been modified'),
    });
  });
});
