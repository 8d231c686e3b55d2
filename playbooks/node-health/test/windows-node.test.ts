import { describe, expect, it } from 'vitest';
import { assessAks } from '../src/aks-node.js';
import { assessWindows, isWindowsNode } from '../src/windows-node.js';
import { nodeFixture } from './fixtures.js';

describe('assessWindows', () => {
  it('reads build, versions and the system memory reserve of a Windows node', () => {
    const facts = assessWindows(nodeFixture('node-windows'));
    expect(facts).toEqual({
      build: '10.0.20348',
      osImage: 'Windows Server 2022 Datacenter',
      kernelVersion: '10.0.20348.3207',
      kubeletVersion: 'v1.30.9',
      containerRuntimeVersion: 'containerd://1.7.20+azure',
      memoryReserve: (8388608 - 6815744) * 1024,
    });
  });

  it('leaves Linux nodes alone', () => {
    expect(isWindowsNode(nodeFixture('node-healthy'))).toBe(false);
    expect(assessWindows(nodeFixture('node-healthy'))).toBeUndefined();
  });
});

describe('assessAks', () => {
  it('reads the agent pool, node image and the scale set instance from the providerID', () => {
    expect(assessAks(nodeFixture('node-healthy'))).toEqual({
      agentPool: 'userpool',
      nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202502.09.0',
      resourceGroup: 'mc_rg-prod_aks-prod_westeurope',
      scaleSet: 'aks-userpool-27182818-vmss',
      instanceId: '4',
    });
  });

  it('is undefined for a node outside AKS', () => {
    const node = nodeFixture('node-healthy');
    node.metadata.labels = { 'kubernetes.io/os': 'linux' };
    node.spec.providerID = 'aws:///eu-west-1a/i-0abc';
    expect(assessAks(node)).toBeUndefined();
  });
});
