import { describe, expect, it } from 'vitest';
import { nodeFromSubject, parseSubjectKey, type Subject, subjectKey } from '../src/index.js';

describe('subject keys', () => {
  const subjects: Subject[] = [
    { kind: 'node', name: 'aks-np1-31415926-vmss000002' },
    { kind: 'pod', namespace: 'shop', name: 'web-1' },
    { kind: 'workload', namespace: 'shop', workloadKind: 'Deployment', name: 'web' },
    { kind: 'service', namespace: 'shop', name: 'order-service' },
    { kind: 'namespace', name: 'shop' },
    { kind: 'cluster' },
  ];

  it('round-trips every subject kind through its key', () => {
    for (const subject of subjects) expect(parseSubjectKey(subjectKey(subject))).toEqual(subject);
  });

  it('rejects keys that are not subjects', () => {
    for (const key of ['', 'node', 'pod/shop', 'node/a/b', 'widget/x', 'cluster/x'])
      expect(parseSubjectKey(key)).toBeUndefined();
  });
});

describe('nodeFromSubject', () => {
  it('turns a route subject about a node into the node param and leaves everything else alone', () => {
    expect(nodeFromSubject({ subject: 'node/aks-np1-0', windowMinutes: 5 })).toEqual({
      subject: 'node/aks-np1-0',
      windowMinutes: 5,
      node: 'aks-np1-0',
    });
    expect(nodeFromSubject({ node: 'n1', subject: 'node/n2' })).toEqual({ node: 'n1', subject: 'node/n2' });
    expect(nodeFromSubject({ subject: 'pod/shop/web-1' })).toEqual({ subject: 'pod/shop/web-1' });
    expect(nodeFromSubject('node/x')).toBe('node/x');
  });
});
