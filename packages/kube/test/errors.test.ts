import { describe, expect, it } from 'vitest';
import { errorFromStatus, isRetryable, KubeError, kubeErrorCodes } from '../src/errors.js';

describe('errorFromStatus', () => {
  it('maps 403 to a non-retryable FORBIDDEN error naming the verb, resource and an RBAC hint', () => {
    const err = errorFromStatus(
      403,
      { verb: 'list', resource: 'pods', namespace: 'shop' },
      'pods is forbidden',
    );
    expect(err.code).toBe(kubeErrorCodes.forbidden);
    expect(err.message).toContain('list pods in namespace shop');
    expect(err.message).toContain('"list" on "pods"');
    expect(err.message).toContain('Role in namespace shop');
    expect(isRetryable(err)).toBe(false);
  });

  it('asks for a ClusterRole when a cluster-wide request is forbidden', () => {
    const err = errorFromStatus(403, { verb: 'get', resource: 'nodes', name: 'n1' }, undefined);
    expect(err.message).toContain('get nodes/n1');
    expect(err.message).toContain('ClusterRole');
  });

  it.each([429, 500, 502, 503, 504, 410])('maps %i to a retryable UNAVAILABLE error', (status) => {
    const err = errorFromStatus(status, { verb: 'list', resource: 'nodes' }, 'busy', 3);
    expect(err.code).toBe(kubeErrorCodes.unavailable);
    expect(err.status).toBe(status);
    expect(err.retryAfterSeconds).toBe(3);
    expect(isRetryable(err)).toBe(true);
  });

  it.each([
    [400, kubeErrorCodes.badRequest],
    [422, kubeErrorCodes.badRequest],
    [401, kubeErrorCodes.unauthorized],
    [404, kubeErrorCodes.notFound],
  ])('maps %i to %s, which is not retried', (status, code) => {
    const err = errorFromStatus(status, { verb: 'list', resource: 'pods' }, 'nope');
    expect(err.code).toBe(code);
    expect(err.message).toContain('nope');
    expect(isRetryable(err)).toBe(false);
  });
});

describe('isRetryable', () => {
  it('refuses errors that are not KubeErrors', () => {
    expect(isRetryable(new Error('ECONNREFUSED'))).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });

  it('refuses aborted requests, since the deadline has passed', () => {
    expect(isRetryable(new KubeError(kubeErrorCodes.aborted, 'aborted'))).toBe(false);
  });
});
