import { describe, expect, it } from 'vitest';
import { conditionFindings } from '../src/condition-findings.js';
import { assessNode } from '../src/node-health.js';
import { NOW, nodeFixture } from './fixtures.js';

const health = (fixture: string) =>
  assessNode({ node: nodeFixture(fixture), pods: [], events: [], podMetrics: [] }, NOW, 'KubeNodeNotReady');

describe('conditionFindings', () => {
  it('gives each problem condition a finding with what it means and what to do, healthy custom conditions left out', () => {
    const findings = conditionFindings(health('node-problems'));
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['critical', 'Node aks-userpool-27182818-vmss000004: KernelDeadlock=True (DockerHung)'],
      [
        'warning',
        'Node aks-userpool-27182818-vmss000004: FrequentContainerdRestart=True (FrequentContainerdRestart)',
      ],
      [
        'warning',
        'Node aks-userpool-27182818-vmss000004: ContainerRuntimeReady=False (ContainerRuntimeNotReady)',
      ],
      ['warning', 'Node aks-userpool-27182818-vmss000004: CustomProbeFailing=True (ProbeFailed)'],
    ]);
    const [deadlock] = findings;
    expect(deadlock?.remediation?.steps[0]).toMatch(/blocked in the kernel/);
    expect(deadlock?.remediation?.steps.at(-1)).toMatch(
      /^kubectl cordon .* && kubectl drain .* --ignore-daemonsets/,
    );
    expect(deadlock?.evidence[0]?.source).toBe(
      'Node/aks-userpool-27182818-vmss000004 .status.conditions[KernelDeadlock]',
    );
  });

  it('asks for a drain ahead of a scheduled Azure maintenance event', () => {
    const h = health('node-healthy');
    const event = h.node.status.conditions.find((c) => c.type === 'VMEventScheduled');
    if (event)
      Object.assign(event, {
        status: 'True',
        reason: 'VMEventScheduled',
        message: 'Reboot scheduled for 2026-11-22T13:00:00Z',
      });
    const findings = conditionFindings(
      assessNode({ node: h.node, pods: [], events: [], podMetrics: [] }, NOW, 'x'),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.remediation?.steps.join('\n')).toMatch(
      /maintenance event .* drain the node[\s\S]*kubectl drain/,
    );
  });

  it('describes NetworkUnavailable with the CNI to check', () => {
    const [network] = conditionFindings(health('node-kubelet-notready'));
    expect(network?.title).toBe(
      'Node aks-userpool-27182818-vmss000004: NetworkUnavailable=True (NoRouteCreated)',
    );
    expect(network?.remediation?.steps[0]).toMatch(/CNI pods/);
  });
});
