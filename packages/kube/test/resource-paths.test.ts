import { describe, expect, it } from 'vitest';
import { kubeErrorCodes } from '../src/errors.js';
import { NODE_METRICS, POD_METRICS, resolveResource, resourcePaths } from '../src/resource-paths.js';

describe('resolveResource', () => {
  it('places core resources under /api/v1 and grouped ones under /apis/<group>/<version>', () => {
    expect(resolveResource('pods')).toMatchObject({ prefix: '/api/v1', kind: 'Pod', namespaced: true });
    expect(resolveResource('nodes')).toMatchObject({ prefix: '/api/v1', namespaced: false });
    expect(resolveResource('deployments')).toMatchObject({ prefix: '/apis/apps/v1', apiVersion: 'apps/v1' });
    expect(resolveResource('poddisruptionbudgets').prefix).toBe('/apis/policy/v1');
    expect(resolveResource('endpointslices').prefix).toBe('/apis/discovery.k8s.io/v1');
    expect(resolveResource('runtimeclasses')).toMatchObject({
      prefix: '/apis/node.k8s.io/v1',
      namespaced: false,
    });
  });

  it('names the metrics.k8s.io resources by their fully qualified names', () => {
    expect(NODE_METRICS).toBe('nodes.metrics.k8s.io');
    expect(resolveResource(NODE_METRICS)).toMatchObject({
      prefix: '/apis/metrics.k8s.io/v1beta1',
      plural: 'nodes',
      kind: 'NodeMetrics',
      namespaced: false,
    });
    expect(resolveResource(POD_METRICS)).toMatchObject({
      plural: 'pods',
      kind: 'PodMetrics',
      namespaced: true,
    });
  });

  it('covers every resource the playbooks need', () => {
    expect(Object.keys(resourcePaths)).toEqual(
      expect.arrayContaining([
        'pods',
        'nodes',
        'events',
        'services',
        'endpoints',
        'namespaces',
        'configmaps',
        'serviceaccounts',
        'deployments',
        'replicasets',
        'statefulsets',
        'daemonsets',
        'endpointslices',
        'poddisruptionbudgets',
        'runtimeclasses',
      ]),
    );
  });

  it('rejects an unknown resource with a BAD_REQUEST error listing the known ones', () => {
    expect(() => resolveResource('secrets')).toThrow(
      expect.objectContaining({ code: kubeErrorCodes.badRequest }),
    );
    expect(() => resolveResource('constructor')).toThrow(/known: pods/);
  });
});
