import { readFileSync } from 'node:fs';
import type { KubeObject, KubeReader, ListOptions } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { checkDrains, type DrainWatchOptions } from '../src/drain-watch.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`fixtures/kube/${name}`, import.meta.url), 'utf8')) as T;
const cordonedNode = fixture<KubeObject>('node-cordoned.json');
const nodePods = fixture<{ items: KubeObject[] }>('pods-on-cordoned-node.json').items;
const failedDrainEvents = fixture<{ items: KubeObject[] }>('events-failed-drain.json').items;

const NODE = 'aks-userpool-27182818-vmss000004';
const [checkoutPod, daemonSetPod, mirrorPod, finishedPod] = nodePods as [
  KubeObject,
  KubeObject,
  KubeObject,
  KubeObject,
];

// Field values the fake selects on, as the API server does for these fields.
const fieldValue: Record<string, (o: KubeObject) => unknown> = {
  'spec.unschedulable': (o) => String(o.spec?.unschedulable === true),
  'spec.nodeName': (o) => o.spec?.nodeName,
  type: (o) => o.type,
  reason: (o) => o.reason,
};

/** A KubeReader over fixed objects that honours equality field selectors and records its requests. */
function fakeKube(objects: { nodes?: KubeObject[]; pods?: KubeObject[]; events?: KubeObject[] }) {
  const requests: string[] = [];
  const kube: KubeReader = {
    async get(resource, name, namespace) {
      requests.push(`get ${resource} ${namespace}/${name}`);
      const all = (objects as Record<string, KubeObject[] | undefined>)[resource] ?? [];
      return all.find((o) => o.metadata.name === name && o.metadata.namespace === namespace);
    },
    async list(resource, options: ListOptions = {}) {
      requests.push(`list ${resource} ${options.fieldSelector ?? ''}`);
      const all = (objects as Record<string, KubeObject[] | undefined>)[resource] ?? [];
      const terms = (options.fieldSelector ?? '').split(',').filter(Boolean);
      return all.filter((o) =>
        terms.every((term) => {
          const [field = '', value] = term.split('=');
          return String(fieldValue[field]?.(o)) === value;
        }),
      );
    },
  };
  return { kube, requests };
}

function options(now: string): DrainWatchOptions {
  return { cluster: 'prod', now: new Date(now), stuckAfterMs: 30 * 60_000, lookbackMs: 5 * 60_000 };
}

describe('checkDrains', () => {
  it('reports a node cordoned longer than allowed that still runs a pod a drain would evict', async () => {
    const { kube } = fakeKube({ nodes: [cordonedNode], pods: nodePods });
    const signals = await checkDrains(kube, options('2025-03-04T08:40:00Z'));
    expect(signals).toEqual([
      {
        source: 'schedule',
        key: `drain-watch/prod/NodeDrainStuck/${NODE}`,
        status: 'firing',
        name: 'NodeDrainStuck',
        cluster: 'prod',
        labels: { node: NODE },
        annotations: {
          summary: `Node ${NODE} has been cordoned for 34 min and still runs 1 pod(s) a drain would evict: shop/checkout-7d9f8b6c4b-x2v9q`,
        },
        startsAt: '2025-03-04T08:05:12.000Z',
        playbook: 'pdb-drain',
        params: { node: NODE },
      },
    ]);
  });

  it('reports nothing for a long-cordoned node whose only pods are DaemonSet, mirror and finished pods', async () => {
    const { kube } = fakeKube({ nodes: [cordonedNode], pods: [daemonSetPod, mirrorPod, finishedPod] });
    expect(await checkDrains(kube, options('2025-03-04T08:40:00Z'))).toEqual([]);
  });

  it('reports nothing for a node cordoned 5 minutes ago, and does not even read its pods', async () => {
    const { kube, requests } = fakeKube({ nodes: [cordonedNode], pods: [checkoutPod] });
    expect(await checkDrains(kube, options('2025-03-04T08:10:12Z'))).toEqual([]);
    expect(requests.filter((r) => r.startsWith('list pods'))).toEqual([]);
  });

  it('reports nothing for a schedulable node, whatever runs on it', async () => {
    const schedulable: KubeObject = { ...cordonedNode, spec: { taints: [] } };
    const { kube } = fakeKube({ nodes: [schedulable], pods: [checkoutPod] });
    expect(await checkDrains(kube, options('2025-03-04T08:40:00Z'))).toEqual([]);
  });

  it('turns a recent failed-drain Warning event into one EvictionBlocked signal for its node', async () => {
    const { kube } = fakeKube({ events: failedDrainEvents });
    const signals = await checkDrains(kube, options('2025-03-04T08:40:00Z'));
    expect(signals).toEqual([
      expect.objectContaining({
        source: 'schedule',
        key: `drain-watch/prod/EvictionBlocked/${NODE}`,
        name: 'EvictionBlocked',
        labels: { node: NODE },
        annotations: {
          summary:
            'Drain: Eviction blocked by Too Many Requests (usually a pdb): shop/checkout-7d9f8b6c4b-x2v9q',
        },
        startsAt: '2025-03-04T08:05:18.000Z',
        playbook: 'pdb-drain',
        params: { node: NODE },
      }),
    ]);
  });

  it('leaves out failed-drain events older than the lookback, which an earlier check reported', async () => {
    const { kube } = fakeKube({ events: failedDrainEvents });
    expect(await checkDrains(kube, options('2025-03-04T09:00:00Z'))).toEqual([]);
  });

  it('reports a cluster-autoscaler ScaleDownFailed event within the lookback for its node', async () => {
    const { kube } = fakeKube({ events: failedDrainEvents.filter((e) => e.reason === 'ScaleDownFailed') });
    const signals = await checkDrains(kube, options('2025-03-04T07:22:00Z'));
    expect(signals.map((s) => [s.name, s.labels.node, s.annotations.summary])).toEqual([
      [
        'EvictionBlocked',
        'aks-nodepool1-27182818-vmss000002',
        'ScaleDownFailed: failed to drain and delete node: failed to drain node aks-nodepool1-27182818-vmss000002: pods remaining after timeout',
      ],
    ]);
  });

  it('finds the node of a failed-drain event that is about a pod', async () => {
    const aboutPod: KubeObject = {
      ...(failedDrainEvents[1] as KubeObject),
      reason: 'FailedDraining',
      involvedObject: { kind: 'Pod', namespace: 'shop', name: 'checkout-7d9f8b6c4b-x2v9q' },
    };
    const { kube } = fakeKube({ events: [aboutPod], pods: nodePods });
    const signals = await checkDrains(kube, options('2025-03-04T08:40:00Z'));
    expect(signals.map((s) => s.labels.node)).toEqual([NODE]);
  });

  it('raises both signals for a stuck node with failed evictions, with reads bounded by the cordoned nodes', async () => {
    const { kube, requests } = fakeKube({ nodes: [cordonedNode], pods: nodePods, events: failedDrainEvents });
    const signals = await checkDrains(kube, options('2025-03-04T08:40:00Z'));
    expect(signals.map((s) => s.name)).toEqual(['NodeDrainStuck', 'EvictionBlocked']);
    expect(requests.sort()).toEqual([
      'list events type=Warning,reason=Drain',
      'list events type=Warning,reason=FailedDraining',
      'list events type=Warning,reason=ScaleDownFailed',
      'list nodes spec.unschedulable=true',
      `list pods spec.nodeName=${NODE}`,
    ]);
  });
});
