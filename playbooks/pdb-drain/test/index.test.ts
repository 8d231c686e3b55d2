import type { Signal } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { pdbDrainParams, pdbDrainPlaybook } from '../src/index.js';

const signal = (name: string, labels: Record<string, string>): Signal => ({
  source: 'alertmanager',
  key: 'fp',
  status: 'firing',
  name,
  cluster: 'aks-shop-prod',
  labels,
  annotations: {},
  startsAt: '2025-03-04T08:10:00Z',
});

describe('pdbDrainParams', () => {
  it('takes exactly one of node and namespace', () => {
    expect(pdbDrainParams.parse({ node: 'aks-userpool-31415926-vmss000000' })).toEqual({
      node: 'aks-userpool-31415926-vmss000000',
    });
    expect(pdbDrainParams.parse({ namespace: 'web' })).toEqual({ namespace: 'web' });
    expect(pdbDrainParams.safeParse({}).success).toBe(false);
    expect(pdbDrainParams.safeParse({ node: 'a', namespace: 'web' }).error?.issues[0]?.message).toBe(
      'give exactly one of --node <name> or --namespace <ns>',
    );
  });

  it('refuses names that are not Kubernetes names', () => {
    expect(pdbDrainParams.safeParse({ node: 'aks;rm -rf /' }).success).toBe(false);
    expect(pdbDrainParams.safeParse({ namespace: 'Web.Prod' }).success).toBe(false);
    expect(pdbDrainParams.safeParse({ node: true }).success).toBe(false);
  });

  it('accepts a subject from the runner routes', () => {
    expect(pdbDrainParams.parse({ subject: 'node/aks-np1-0' })).toEqual({ node: 'aks-np1-0' });
    expect(pdbDrainParams.parse({ subject: 'namespace/web' })).toEqual({ namespace: 'web' });
  });
});

describe('pdbDrainPlaybook triggers', () => {
  const paramsFor = (s: Signal, subject: Parameters<(typeof pdbDrainPlaybook.triggers)[0]['params']>[1]) =>
    pdbDrainPlaybook.triggers.filter((t) => t.names.includes(s.name)).map((t) => t.params(s, subject));

  it('runs in namespace mode for the kube-prometheus budget alerts', () => {
    const alert = signal('KubePodDisruptionBudgetAtLimit', {
      alertname: 'KubePodDisruptionBudgetAtLimit',
      namespace: 'web',
      poddisruptionbudget: 'nginx-pdb',
      severity: 'warning',
    });
    expect(paramsFor(alert, { kind: 'namespace', name: 'web' })).toEqual([{ namespace: 'web' }]);
    expect(paramsFor({ ...alert, name: 'KubePodDisruptionBudgetLimit' }, { kind: 'cluster' })).toEqual([
      { namespace: 'web' },
    ]);
  });

  it('runs in node mode for drain and node-pool alerts about a node', () => {
    const alert = signal('ClusterAutoscalerScaleDownFailed', { node: 'aks-np1-0' });
    expect(paramsFor(alert, { kind: 'node', name: 'aks-np1-0' })).toEqual([{ node: 'aks-np1-0' }]);
    expect(paramsFor(alert, { kind: 'cluster' })).toEqual([undefined]);
  });
});
