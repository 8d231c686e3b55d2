import { describe, expect, it } from 'vitest';
import { drainCandidates } from '../src/drain-candidates.js';
import { pod } from './kube-fixtures.js';

describe('drainCandidates', () => {
  it('skips DaemonSet, mirror and finished pods as kubectl drain --ignore-daemonsets does', () => {
    const pods = [
      pod('nginx-rfsjqvntbk-8p78l', { owner: { kind: 'ReplicaSet', name: 'nginx-rfsjqvntbk' } }),
      pod('kube-proxy-g5ghm', { namespace: 'kube-system', owner: { kind: 'DaemonSet', name: 'kube-proxy' } }),
      pod('etcd-node', {
        namespace: 'kube-system',
        annotations: { 'kubernetes.io/config.mirror': '3d6ac7d1', 'kubernetes.io/config.source': 'file' },
        owner: { kind: 'Node', name: 'aks-userpool-31415926-vmss000000' },
      }),
      pod('migrate-7x2kq', { owner: { kind: 'Job', name: 'migrate' }, phase: 'Succeeded', ready: false }),
      pod('crashed-1', { phase: 'Failed', ready: false }),
      pod('bare-pod'),
    ];
    const { evict, skipped } = drainCandidates(pods);
    expect(evict.map((p) => p.metadata.name)).toEqual(['nginx-rfsjqvntbk-8p78l', 'bare-pod']);
    expect(skipped.map((s) => [s.pod.metadata.name, s.reason])).toEqual([
      ['kube-proxy-g5ghm', 'daemonset'],
      ['etcd-node', 'mirror'],
      ['migrate-7x2kq', 'terminated'],
      ['crashed-1', 'terminated'],
    ]);
  });

  it('keeps pending and unready pods: the drain must evict them too', () => {
    const { evict } = drainCandidates([
      pod('a', { phase: 'Pending', ready: false }),
      pod('b', { ready: false }),
    ]);
    expect(evict).toHaveLength(2);
  });
});
