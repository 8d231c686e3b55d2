import { afterEach, describe, expect, it } from 'vitest';
import { createKubePatcher } from '../src/create-kube-patcher.js';
import { kubeErrorCodes } from '../src/errors.js';
import { sendJson, startStubApiServer } from './stub-api-server.js';

const change = {
  resource: 'poddisruptionbudgets',
  name: 'nginx-pdb',
  namespace: 'web',
  type: 'merge' as const,
  patch: { spec: { maxUnavailable: 1 } },
};
const invalid = {
  kind: 'Status',
  status: 'Failure',
  reason: 'Invalid',
  message: 'PodDisruptionBudget.policy "nginx-pdb" is invalid',
  details: { causes: [{ reason: 'FieldValueInvalid', message: 'spec: Invalid value' }] },
};
const budget = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'nginx-pdb' } };

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
});

async function stub(answer: (dryRun: boolean) => [number, unknown]) {
  const server = await startStubApiServer((req, res) => {
    const [status, body] = answer((req.url ?? '').includes('dryRun=All'));
    sendJson(res, status, body);
  });
  close = server.close;
  return { patcher: createKubePatcher(server.kc), requests: server.requests };
}

describe('createKubePatcher', () => {
  it('sends the dry-run first and the real patch only after it passed', async () => {
    const { patcher, requests } = await stub(() => [200, budget]);
    const result = await patcher.apply(change);
    expect(result).toEqual({
      applied: true,
      stage: 'apply',
      status: 200,
      message: 'patched poddisruptionbudgets web/nginx-pdb',
    });
    expect(requests).toEqual([
      '/apis/policy/v1/namespaces/web/poddisruptionbudgets/nginx-pdb?dryRun=All',
      '/apis/policy/v1/namespaces/web/poddisruptionbudgets/nginx-pdb',
    ]);
  });

  it('never sends the real patch when the fresh dry-run is refused', async () => {
    const { patcher, requests } = await stub(() => [422, invalid]);
    const result = await patcher.apply(change);
    expect(result).toEqual({
      applied: false,
      stage: 'dry-run',
      status: 422,
      message: invalid.message,
      causes: ['spec: Invalid value'],
    });
    expect(requests).toHaveLength(1);
  });

  it('reports a conflict on the write itself as not applied', async () => {
    const { patcher } = await stub((dryRun) =>
      dryRun ? [200, budget] : [409, { kind: 'Status', message: 'the object has been modified' }],
    );
    expect(await patcher.apply(change)).toMatchObject({ applied: false, stage: 'apply', status: 409 });
  });

  it('throws FORBIDDEN when RBAC refuses the dry-run, and writes nothing', async () => {
    const { patcher, requests } = await stub(() => [403, { kind: 'Status', message: 'forbidden' }]);
    await expect(patcher.apply(change)).rejects.toMatchObject({ code: kubeErrorCodes.forbidden });
    expect(requests).toHaveLength(1);
  });

  it('says a write that got no answer may have been applied', async () => {
    const { patcher } = await stub((dryRun) =>
      dryRun ? [200, budget] : [503, { kind: 'Status', message: 'etcd leader changed' }],
    );
    const err = await patcher.apply(change).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: kubeErrorCodes.unavailable });
    expect((err as Error).message).toContain('the patch was sent, so it may have been applied');
  });
});
