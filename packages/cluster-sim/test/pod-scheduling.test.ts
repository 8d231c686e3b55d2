import { describe, expect, it } from 'vitest';
import { scheduleOnto, tolerates } from '../src/pod-scheduling.js';
import type { NodeObject, PodObject } from '../src/pod-types.js';

function node(name: string, os: string, extra: Partial<NodeObject['spec']> = {}): NodeObject {
  return {
    metadata: { name, labels: { 'kubernetes.io/os': os, 'kubernetes.io/hostname': name } },
    spec: { ...extra },
  };
}

const nodes = [
  node('aks-np1-0', 'linux'),
  node('akswin000003', 'windows', { taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }] }),
  node('aks-np1-1', 'linux', {
    unschedulable: true,
    taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }],
  }),
];

function pod(spec: PodObject['spec']): PodObject {
  return { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c' }], ...spec } };
}

describe('scheduleOnto', () => {
  it('keeps spec.nodeName', () => {
    expect(scheduleOnto(pod({ nodeName: 'anything' }), nodes)).toEqual({ nodeName: 'anything' });
  });

  it('honours nodeSelector and skips cordoned nodes', () => {
    expect(scheduleOnto(pod({ nodeSelector: { 'kubernetes.io/os': 'linux' } }), nodes)).toEqual({
      nodeName: 'aks-np1-0',
    });
  });

  it('needs a toleration for a NoSchedule taint', () => {
    const windows = { 'kubernetes.io/os': 'windows' };
    expect(scheduleOnto(pod({ nodeSelector: windows }), nodes)).toEqual({
      unschedulableMessage:
        "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {os: windows}, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    });
    expect(
      scheduleOnto(pod({ nodeSelector: windows, tolerations: [{ operator: 'Exists' }] }), nodes),
    ).toEqual({
      nodeName: 'akswin000003',
    });
  });

  it('honours required node affinity on the hostname label', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['aks-np1-0'] }] },
          ],
        },
      },
    };
    expect(scheduleOnto(pod({ affinity }), nodes)).toEqual({ nodeName: 'aks-np1-0' });
  });

  it('prefers the least loaded fitting node', () => {
    const two = [node('a', 'linux'), node('b', 'linux')];
    expect(scheduleOnto(pod({}), two, (n) => (n === 'a' ? 5 : 1))).toEqual({ nodeName: 'b' });
  });

  it('says so when the cluster has no nodes', () => {
    expect(scheduleOnto(pod({}), [])).toEqual({
      unschedulableMessage: 'no nodes available to schedule pods',
    });
  });
});

describe('tolerates', () => {
  it('follows the Exists/Equal and effect rules', () => {
    const taint = { key: 'k', value: 'v', effect: 'NoExecute' };
    expect(tolerates({ key: 'k', operator: 'Equal', value: 'v' }, taint)).toBe(true);
    expect(tolerates({ key: 'k', operator: 'Equal', value: 'w' }, taint)).toBe(false);
    expect(tolerates({ key: 'k', operator: 'Exists', effect: 'NoSchedule' }, taint)).toBe(false);
    expect(tolerates({ operator: 'Exists' }, taint)).toBe(true);
  });
});
