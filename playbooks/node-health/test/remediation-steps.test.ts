import { describe, expect, it } from 'vitest';
import { assessNode } from '../src/node-health.js';
import { logCollectionStep, memoryRequestStep } from '../src/remediation-steps.js';
import { eventsFixture, NOW, nodeFixture, podsFixture } from './fixtures.js';

const objects = (node: string, pods = 'pods-on-node') => ({
  node: nodeFixture(node),
  pods: podsFixture(pods),
  events: eventsFixture('events-node'),
  podMetrics: [],
});

describe('logCollectionStep', () => {
  it('reads the journal through the scale set instance when the Linux node is unreachable', () => {
    const h = assessNode(objects('node-unreachable'), NOW, 'KubeNodeNotReady');
    expect(logCollectionStep(h)).toContain(
      'az vmss run-command invoke -g mc_rg-prod_aks-prod_westeurope -n aks-userpool-27182818-vmss --instance-id 4 --command-id RunShellScript',
    );
  });

  it('uses kubectl debug on a reachable Linux node and offers windows-logs on a reachable Windows node', () => {
    expect(logCollectionStep(assessNode(objects('node-healthy'), NOW, 'x'))).toMatch(
      /^Kubelet and containerd logs: kubectl debug node\//,
    );
    const windows = assessNode(objects('node-windows', 'pods-on-windows-node'), NOW, 'x');
    expect(logCollectionStep(windows)).toBe(
      'Collect C:\\k\\kubelet.err.log, containerd.err.log and kubeproxy.err.log: triage run windows-logs --node akswin000002',
    );
  });

  it('reads kubelet.err.log with PowerShell through the VM when a Windows node is unreachable', () => {
    const node = nodeFixture('node-windows');
    node.status.conditions = nodeFixture('node-unreachable').status.conditions;
    const h = assessNode({ node, pods: [], events: [], podMetrics: [] }, NOW, 'KubeNodeNotReady');
    expect(logCollectionStep(h)).toMatch(
      /RunPowerShellScript --scripts "Get-Content C:\\k\\kubelet.err.log -Tail 200"/,
    );
  });
});

describe('memoryRequestStep', () => {
  it('names the OOM-killed and memory-evicted pods with their requests and limits', () => {
    const step = memoryRequestStep(assessNode(objects('node-unreachable'), NOW, 'KubeNodeNotReady'));
    expect(step).toContain(
      'reporting/reports-worker-7c9d8f6b5-x2k4p (OOM-killed, 6 restarts, request 512Mi, limit 4Gi)',
    );
    expect(step).toContain('shop/catalog-5f7d9c8b6-qq7vp (evicted using 294Mi)');
  });

  it('falls back to finding the pods when none is named', () => {
    const h = assessNode(
      { node: nodeFixture('node-healthy'), pods: [], events: [], podMetrics: [] },
      NOW,
      'x',
    );
    expect(memoryRequestStep(h)).toMatch(/^Find the pods using memory beyond their requests/);
  });
});
