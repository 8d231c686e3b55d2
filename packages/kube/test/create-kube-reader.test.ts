import { afterEach, describe, expect, it } from 'vitest';
import { createKubeReader } from '../src/create-kube-reader.js';
import { isRetryable, kubeErrorCodes } from '../src/errors.js';
import { kubeConfigFor, sendJson, startStubApiServer } from './stub-api-server.js';

// Behaviour the cluster simulator cannot show (RBAC denials, unserved API groups, hangs) against a
// loopback HTTP server; the simulator test covers the regular paths.
describe('createKubeReader against a stub API server', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('maps a 403 Status to FORBIDDEN with the RBAC hint, and sends the bearer token', async () => {
    let authorization: string | undefined;
    const stub = await startStubApiServer((req, res) => {
      authorization = req.headers.authorization;
      sendJson(res, 403, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message:
          'nodes is forbidden: User "system:serviceaccount:triage:triage" cannot list resource "nodes"',
        reason: 'Forbidden',
        code: 403,
      });
    });
    close = stub.close;
    const error = await createKubeReader(stub.kc)
      .list('nodes')
      .catch((err) => err);
    expect(error.code).toBe(kubeErrorCodes.forbidden);
    expect(error.message).toContain('cannot list resource "nodes"');
    expect(error.message).toContain('ClusterRole');
    expect(isRetryable(error)).toBe(false);
    expect(authorization).toBe('Bearer stub-token');
  });

  it('reports an API group the server does not serve as NOT_FOUND rather than a missing object', async () => {
    const stub = await startStubApiServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found\n');
    });
    close = stub.close;
    const error = await createKubeReader(stub.kc)
      .get('nodes.metrics.k8s.io', 'n1')
      .catch((err) => err);
    expect(error.code).toBe(kubeErrorCodes.notFound);
    expect(error.message).toContain('metrics.k8s.io/v1beta1 is not served');
    expect(stub.requests).toEqual(['/apis/metrics.k8s.io/v1beta1/nodes/n1']);
  });

  it('gives up on a request that hangs after requestTimeoutMs with a retryable error', async () => {
    const stub = await startStubApiServer(() => {
      // never answers
    });
    close = stub.close;
    const error = await createKubeReader(stub.kc, { requestTimeoutMs: 200 })
      .list('pods')
      .catch((err) => err);
    expect(error.code).toBe(kubeErrorCodes.unavailable);
    expect(error.message).toContain('timed out');
    expect(isRetryable(error)).toBe(true);
  });

  it('stops a request when the caller aborts, with a non-retryable ABORTED error', async () => {
    const controller = new AbortController();
    const stub = await startStubApiServer(() => controller.abort(new Error('deadline')));
    close = stub.close;
    const error = await createKubeReader(stub.kc, { signal: controller.signal })
      .list('pods')
      .catch((err) => err);
    expect(error.code).toBe(kubeErrorCodes.aborted);
    expect(isRetryable(error)).toBe(false);
  });

  it('sends nothing once the caller signal has aborted', async () => {
    const stub = await startStubApiServer((_req, res) => sendJson(res, 200, { items: [] }));
    close = stub.close;
    const error = await createKubeReader(stub.kc, { signal: AbortSignal.abort() })
      .list('pods')
      .catch((err) => err);
    expect(error.code).toBe(kubeErrorCodes.aborted);
    expect(stub.requests).toEqual([]);
  });

  it('treats a refused connection as retryable UNAVAILABLE', async () => {
    const stub = await startStubApiServer(() => {});
    const kc = stub.kc;
    await stub.close();
    const error = await createKubeReader(kc)
      .get('nodes', 'n1')
      .catch((err) => err);
    expect(error.code).toBe(kubeErrorCodes.unavailable);
    expect(isRetryable(error)).toBe(true);
  });

  it('validates names and namespaces before sending anything', async () => {
    const stub = await startStubApiServer((_req, res) => sendJson(res, 200, { items: [] }));
    close = stub.close;
    const kube = createKubeReader(stub.kc);
    await expect(kube.get('pods', '../../secrets/x', 'shop')).rejects.toMatchObject({
      code: kubeErrorCodes.badRequest,
    });
    await expect(kube.list('pods', { namespace: 'Shop/..' })).rejects.toMatchObject({
      code: kubeErrorCodes.badRequest,
    });
    await expect(kube.get('pods', 'web-1')).rejects.toThrow(/needs a namespace/);
    expect(stub.requests).toEqual([]);
  });

  it('encodes selectors as query parameters', async () => {
    const stub = await startStubApiServer((_req, res) => sendJson(res, 200, { kind: 'PodList', items: [] }));
    close = stub.close;
    await createKubeReader(stub.kc).list('pods', {
      namespace: 'shop',
      labelSelector: 'app in (web,api)',
      fieldSelector: 'spec.nodeName=n1&x=y',
    });
    const url = new URL(stub.requests[0] ?? '', 'http://x');
    expect(url.pathname).toBe('/api/v1/namespaces/shop/pods');
    expect(url.searchParams.get('labelSelector')).toBe('app in (web,api)');
    expect(url.searchParams.get('fieldSelector')).toBe('spec.nodeName=n1&x=y');
    expect(url.searchParams.get('x')).toBeNull();
  });

  it('refuses to build a reader for a kubeconfig without a cluster', () => {
    const kc = kubeConfigFor('https://x');
    kc.clusters = [];
    expect(() => createKubeReader(kc)).toThrow(
      expect.objectContaining({ code: kubeErrorCodes.configInvalid }),
    );
  });
});
