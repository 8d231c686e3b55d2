import type { Signal } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { nodeHealthPlaybook } from '../src/index.js';

const signal = (name: string): Signal => ({
  source: 'alertmanager',
  key: 'k',
  status: 'firing',
  name,
  cluster: 'c',
  labels: {},
  annotations: {},
  startsAt: '2026-11-22T12:00:00Z',
});

function paramsFor(
  name: string,
  subject: Parameters<(typeof nodeHealthPlaybook.triggers)[number]['params']>[1],
) {
  const trigger = nodeHealthPlaybook.triggers.find((t) => t.names.includes(name));
  return trigger?.params(signal(name), subject);
}

describe('node-health triggers', () => {
  it.each([
    'KubeNodeNotReady',
    'KubeNodeUnreachable',
    'KubeletDown',
    'KubeNodeReadinessFlapping',
    'NodeFilesystemSpaceFillingUp',
    'NodeFilesystemAlmostOutOfSpace',
    'NodeMemoryHighUtilization',
    'NodeMemoryMajorPagesFaults',
    'WindowsServerMemoryUsage',
    'WindowsServerDiskSpaceUsage',
    'Nodes in not ready status',
    'Node NotReady status',
  ])('starts on %s about a node, with the node as param', (name) => {
    expect(paramsFor(name, { kind: 'node', name: 'aks-np1-0' })).toEqual({ node: 'aks-np1-0' });
  });

  it('skips signals whose subject is not a node, or not a valid node name', () => {
    expect(paramsFor('KubeletDown', { kind: 'cluster' })).toBeUndefined();
    expect(paramsFor('KubeNodeNotReady', { kind: 'pod', namespace: 'shop', name: 'web-1' })).toBeUndefined();
    expect(paramsFor('KubeNodeNotReady', { kind: 'node', name: '10.224.0.5:9100' })).toBeUndefined();
  });

  it('does not claim pod alerts', () => {
    expect(nodeHealthPlaybook.triggers.some((t) => t.names.includes('KubePodCrashLooping'))).toBe(false);
  });
});
