import { describe, expect, it } from 'vitest';
import { assessTaints, taintText } from '../src/node-taints.js';
import { nodeFixture } from './fixtures.js';

describe('assessTaints', () => {
  it('finds the unreachable NoExecute taint and when pods without a toleration are evicted (timeAdded + 300 s)', () => {
    const taints = assessTaints(nodeFixture('node-unreachable'));
    expect(taints.cordoned).toBe(false);
    expect(taints.evicting).toHaveLength(1);
    expect(taints.evicting[0]?.taint.key).toBe('node.kubernetes.io/unreachable');
    expect(taints.evicting[0]?.evictAt?.toISOString()).toBe('2026-11-22T11:51:45.000Z');
    expect(taints.all).toEqual([
      'node.kubernetes.io/unreachable:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute',
    ]);
  });

  it('sees a cordoned node and the not-ready taint', () => {
    const taints = assessTaints(nodeFixture('node-kubelet-notready'));
    expect(taints.cordoned).toBe(true);
    expect(taints.evicting[0]?.taint.key).toBe('node.kubernetes.io/not-ready');
  });

  it('leaves pressure taints out of the evicting ones and prints taints as kubectl does', () => {
    const taints = assessTaints(nodeFixture('node-disk-pressure'));
    expect(taints.evicting).toEqual([]);
    expect(taints.all).toEqual(['node.kubernetes.io/disk-pressure:NoSchedule']);
    expect(taintText({ key: 'os', value: 'windows', effect: 'NoSchedule' })).toBe('os=windows:NoSchedule');
  });

  it('has no eviction time for a lifecycle taint without timeAdded', () => {
    const node = nodeFixture('node-unreachable');
    node.spec.taints = [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }];
    expect(assessTaints(node).evicting[0]?.evictAt).toBeUndefined();
  });
});
