import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../src/kube-object.js';
import { generateLargeCluster, largeClusterNodeName } from '../src/large-cluster.js';

// Generated objects are checked field by field; a loose type keeps the assertions readable.
// biome-ignore lint/suspicious/noExplicitAny: test-only access to arbitrary generated JSON
type Json = Record<string, any>;

function byKind(objects: KubeObject[]): Record<string, Json[]> {
  const out: Record<string, Json[]> = {};
  for (const o of objects) {
    const list = out[o.kind as string] ?? [];
    list.push(o);
    out[o.kind as string] = list;
  }
  return out;
}

// 2,600 nodes reach the first Windows pool (pool 24); pods and events stay small.
const options = { nodes: 2_600, pods: 9_000, events: 3_000, seed: 42 };

describe('generateLargeCluster', () => {
  const objects = [...generateLargeCluster(options)];
  const kinds = byKind(objects);

  it('yields exactly the requested nodes, pods and events, plus namespaces and controllers', () => {
    expect(kinds.Node).toHaveLength(2_600);
    expect(kinds.Pod).toHaveLength(9_000);
    expect(kinds.Event).toHaveLength(3_000);
    expect(kinds.Namespace?.map((n) => n.metadata.name)).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'team-00', 'team-49']),
    );
    expect(kinds.DaemonSet).toHaveLength(3);
    expect(kinds.Deployment?.length).toBe(kinds.ReplicaSet?.length);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = [...generateLargeCluster(options)];
    expect(JSON.stringify(again)).toBe(JSON.stringify(objects));
    const other = [...generateLargeCluster({ ...options, seed: 43 })];
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(objects));
  });

  it('keeps names and uids unique per kind', () => {
    for (const kind of ['Node', 'Pod', 'Event', 'ReplicaSet']) {
      const list = kinds[kind] ?? [];
      expect(new Set(list.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).size, kind).toBe(
        list.length,
      );
      expect(new Set(list.map((o) => o.metadata.uid)).size, kind).toBe(list.length);
    }
  });

  it('wires pods to ReplicaSets to Deployments, and pods to existing nodes of the right OS', () => {
    const nodes = new Map((kinds.Node ?? []).map((n) => [n.metadata.name, n]));
    const replicaSets = new Map((kinds.ReplicaSet ?? []).map((r) => [r.metadata.uid, r]));
    const deployments = new Map((kinds.Deployment ?? []).map((d) => [d.metadata.uid, d]));
    const appPods = (kinds.Pod ?? []).filter((p) => p.metadata.ownerReferences[0].kind === 'ReplicaSet');
    expect(appPods.length).toBeGreaterThan(1_000);
    for (const pod of appPods) {
      const rs = replicaSets.get(pod.metadata.ownerReferences[0].uid);
      expect(rs?.metadata.labels['pod-template-hash']).toBe(pod.metadata.labels['pod-template-hash']);
      expect(deployments.get(rs?.metadata.ownerReferences[0].uid)?.metadata.name).toBe(
        pod.metadata.labels.app,
      );
      if (!pod.spec.nodeName) continue;
      const node = nodes.get(pod.spec.nodeName);
      const windowsImage = /ltsc2022$/.test(pod.spec.containers[0].image);
      expect(node?.metadata.labels['kubernetes.io/os']).toBe(windowsImage ? 'windows' : 'linux');
    }
    expect(appPods.some((p) => /ltsc2022$/.test(p.spec.containers[0].image))).toBe(true);
  });

  it('produces pods and nodes in the shapes kubectl prints, with some troubled ones', () => {
    const pod = (kinds.Pod ?? []).find((p) => p.status.phase === 'Running');
    expect(pod).toMatchObject({
      apiVersion: 'v1',
      metadata: { generateName: expect.any(String), resourceVersion: expect.any(String) },
      spec: {
        containers: [{ name: expect.any(String), image: expect.any(String) }],
        restartPolicy: 'Always',
      },
      status: {
        containerStatuses: [{ ready: expect.any(Boolean), restartCount: expect.any(Number) }],
        podIP: expect.stringMatching(/^10\.\d+\.\d+\.\d+$/),
        qosClass: 'Burstable',
      },
    });
    const crashing = (kinds.Pod ?? []).filter(
      (p) => p.status.containerStatuses?.[0].state.waiting?.reason === 'CrashLoopBackOff',
    );
    expect(crashing.length).toBeGreaterThan(0);
    expect(
      (kinds.Pod ?? []).some(
        (p) => p.status.containerStatuses?.[0].lastState.terminated?.reason === 'OOMKilled',
      ),
    ).toBe(true);
    const notReady = (kinds.Node ?? []).filter(
      (n) => n.status.conditions.find((c: Json) => c.type === 'Ready').status === 'Unknown',
    );
    expect(notReady.length).toBeGreaterThan(0);
    expect(notReady[0]?.spec.taints).toContainEqual(
      expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }),
    );
    expect(largeClusterNodeName(2_450)).toBe('aksw24000050');
    expect(largeClusterNodeName(7)).toBe('aks-pool00-31415926-vmss000007');
  });

  it('points events at objects that exist', () => {
    const pods = new Set((kinds.Pod ?? []).map((p) => p.metadata.uid));
    const nodes = new Set((kinds.Node ?? []).map((n) => n.metadata.name));
    for (const event of kinds.Event ?? []) {
      const involved = event.involvedObject;
      if (involved.kind === 'Pod') expect(pods.has(involved.uid)).toBe(true);
      else expect(nodes.has(involved.name)).toBe(true);
      expect(event.metadata.namespace).toBe(involved.namespace ?? 'default');
    }
  });
});
