import { describe, expect, it } from 'vitest';
import { subjectFromLabels } from '../src/derive-subject.js';

describe('subjectFromLabels', () => {
  it('takes the node of a kube-state-metrics node alert even though namespace is the monitoring namespace', () => {
    expect(
      subjectFromLabels({ alertname: 'KubeNodeNotReady', node: 'aks-np1-0', namespace: 'monitoring' }),
    ).toEqual({
      kind: 'node',
      name: 'aks-np1-0',
    });
  });

  it('takes a pod when namespace and pod are present', () => {
    expect(
      subjectFromLabels({
        alertname: 'KubePodCrashLooping',
        namespace: 'shop',
        pod: 'web-1',
        container: 'web',
      }),
    ).toEqual({
      kind: 'pod',
      namespace: 'shop',
      name: 'web-1',
    });
  });

  it('takes a workload from kube-state-metrics workload labels', () => {
    expect(subjectFromLabels({ namespace: 'shop', deployment: 'web' })).toEqual({
      kind: 'workload',
      namespace: 'shop',
      workloadKind: 'Deployment',
      name: 'web',
    });
    expect(subjectFromLabels({ namespace: 'batch', job_name: 'nightly' })).toMatchObject({
      workloadKind: 'Job',
    });
  });

  it('turns an ip:port instance of a node_exporter alert into an address to resolve', () => {
    expect(
      subjectFromLabels({ alertname: 'NodeFilesystemAlmostOutOfSpace', instance: '10.224.0.5:9100' }),
    ).toEqual({
      kind: 'address',
      address: '10.224.0.5',
    });
    expect(subjectFromLabels({ instance: '[fd00::5]:9182' })).toEqual({
      kind: 'address',
      address: 'fd00::5',
    });
  });

  it('takes a hostname instance as the node name', () => {
    expect(subjectFromLabels({ instance: 'akswin000001:9182' })).toEqual({
      kind: 'node',
      name: 'akswin000001',
    });
  });

  it('takes the PodNamespace and PodName dimensions of a ContainerLogV2 log search alert as the pod', () => {
    expect(subjectFromLabels({ PodNamespace: 'win', PodName: 'iis-site-1', alertRule: 'IIS 5xx' })).toEqual({
      kind: 'pod',
      namespace: 'win',
      name: 'iis-site-1',
    });
  });

  it('takes the Computer dimension of Azure Monitor log alerts as the node', () => {
    expect(
      subjectFromLabels({ Computer: 'aks-nodepool1-31415926-vmss000002', alertRule: 'NodeNotReady' }),
    ).toEqual({
      kind: 'node',
      name: 'aks-nodepool1-31415926-vmss000002',
    });
  });

  it('falls back to the namespace, then the cluster', () => {
    expect(subjectFromLabels({ namespace: 'shop', alertname: 'KubeQuotaExceeded' })).toEqual({
      kind: 'namespace',
      name: 'shop',
    });
    expect(subjectFromLabels({ alertname: 'KubeAPIErrorBudgetBurn' })).toEqual({ kind: 'cluster' });
  });
});
