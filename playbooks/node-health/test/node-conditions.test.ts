import { describe, expect, it } from 'vitest';
import { assessConditions } from '../src/node-conditions.js';
import { NOW, nodeFixture } from './fixtures.js';

describe('assessConditions', () => {
  it('reads a node whose kubelet stopped posting status as Ready=Unknown with the heartbeat age', () => {
    const { readiness, problems } = assessConditions(nodeFixture('node-unreachable'), NOW);
    expect(readiness.status).toBe('Unknown');
    expect(readiness.condition?.message).toBe('Kubelet stopped posting node status.');
    expect(readiness.heartbeatAgeMs).toBe(14 * 60_000);
    // Pressure conditions go Unknown with Ready: not problems of their own, and healthy NPD conditions are left alone.
    expect(problems).toEqual([]);
  });

  it('reads the kubelet’s own NotReady reason and flags NetworkUnavailable as critical', () => {
    const { readiness, problems } = assessConditions(nodeFixture('node-kubelet-notready'), NOW);
    expect(readiness.status).toBe('False');
    expect(readiness.condition?.reason).toBe('KubeletNotReady');
    expect(problems.map((p) => [p.condition.type, p.severity, p.kind])).toEqual([
      ['NetworkUnavailable', 'critical', 'network'],
    ]);
  });

  it('flags DiskPressure=True as a critical pressure problem on a Ready node', () => {
    const { readiness, problems } = assessConditions(nodeFixture('node-disk-pressure'), NOW);
    expect(readiness.status).toBe('True');
    expect(problems.map((p) => [p.condition.type, p.severity, p.kind])).toEqual([
      ['DiskPressure', 'critical', 'pressure'],
    ]);
  });

  it('tells Node Problem Detector and custom conditions apart by polarity, never calling a healthy one a problem', () => {
    const { problems } = assessConditions(nodeFixture('node-problems'), NOW);
    expect(problems.map((p) => [p.condition.type, p.severity, p.kind])).toEqual([
      ['KernelDeadlock', 'critical', 'node-problem-detector'],
      ['FrequentContainerdRestart', 'warning', 'node-problem-detector'],
      ['ContainerRuntimeReady', 'warning', 'custom'],
      ['CustomProbeFailing', 'warning', 'custom'],
    ]);
  });

  it('reports no problem at all for a healthy node with the AKS NPD conditions present and False', () => {
    const { readiness, problems } = assessConditions(nodeFixture('node-healthy'), NOW);
    expect(readiness.status).toBe('True');
    expect(problems).toEqual([]);
  });

  it('says missing when the kubelet never posted a Ready condition', () => {
    const node = nodeFixture('node-healthy');
    node.status.conditions = [];
    expect(assessConditions(node, NOW).readiness).toEqual({ status: 'missing' });
  });
});
