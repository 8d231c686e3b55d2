import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../src/errors.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, patchTypeOf } from '../src/patch.js';

const pod = {
  metadata: { name: 'p', labels: { a: '1', b: '2' }, finalizers: ['x'] },
  spec: {
    containers: [
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] },
      { name: 'sidecar', image: 'side:1' },
    ],
    tolerations: [{ key: 'k', operator: 'Exists' }],
  },
  status: {
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ],
  },
};

describe('patches', () => {
  it('maps request content types to patch types', () => {
    expect(patchTypeOf('application/merge-patch+json')).toBe('merge');
    expect(patchTypeOf('application/json-patch+json; charset=utf-8')).toBe('json');
    expect(patchTypeOf('application/strategic-merge-patch+json')).toBe('strategic');
    expect(patchTypeOf('application/apply-patch+yaml')).toBeUndefined();
  });

  it('merge patch merges maps, removes nulls and replaces lists, without touching the input', () => {
    const before = JSON.stringify(pod);
    const out = applyMergePatch(pod, {
      metadata: { labels: { a: null, c: '3' } },
      spec: { containers: [{ name: 'only' }] },
    }) as typeof pod;
    expect(out.metadata.labels).toEqual({ b: '2', c: '3' });
    expect(out.spec.containers).toEqual([{ name: 'only' }]);
    expect(JSON.stringify(pod)).toBe(before);
  });

  it('JSON patch applies add, replace, remove, move, copy and test', () => {
    const out = applyJsonPatch(pod, [
      { op: 'test', path: '/metadata/name', value: 'p' },
      { op: 'add', path: '/metadata/labels/app~1name', value: 'web' },
      { op: 'replace', path: '/spec/containers/0/image', value: 'app:2' },
      { op: 'remove', path: '/spec/containers/1' },
      { op: 'add', path: '/metadata/finalizers/-', value: 'y' },
      { op: 'copy', from: '/metadata/labels/a', path: '/metadata/labels/copied' },
      { op: 'move', from: '/metadata/labels/b', path: '/metadata/labels/moved' },
    ]) as typeof pod;
    expect(out.metadata.labels).toEqual({ a: '1', 'app/name': 'web', copied: '1', moved: '2' });
    expect(out.spec.containers.map((c) => c.image)).toEqual(['app:2']);
    expect(out.metadata.finalizers).toEqual(['x', 'y']);
  });

  it('JSON patch fails with Invalid on a failed test or a missing path', () => {
    expect(() => applyJsonPatch(pod, [{ op: 'test', path: '/metadata/name', value: 'q' }])).toThrow(
      KubeApiError,
    );
    expect(() => applyJsonPatch(pod, [{ op: 'replace', path: '/spec/nope', value: 1 }])).toThrow(/missing/);
    expect(() => applyJsonPatch(pod, [{ op: 'remove', path: '/spec/containers/9' }])).toThrow(/out of range/);
    expect(() => applyJsonPatch(pod, { op: 'add' })).toThrow(KubeApiError);
  });

  it('strategic merge merges containers, env and ports by key and conditions by type', () => {
    const out = applyStrategicMergePatch(pod, {
      spec: {
        containers: [
          { name: 'app', image: 'app:2', env: [{ name: 'B', value: '2' }], ports: [{ containerPort: 81 }] },
          { name: 'new', image: 'n:1' },
        ],
      },
      status: { conditions: [{ type: 'Ready', status: 'False' }] },
    }) as typeof pod;
    const [app, sidecar, added] = out.spec.containers;
    expect(app).toEqual({
      name: 'app',
      image: 'app:2',
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
      ports: [{ containerPort: 80 }, { containerPort: 81 }],
    });
    expect(sidecar?.name).toBe('sidecar');
    expect(added?.name).toBe('new');
    expect(out.status.conditions).toEqual([
      { type: 'Ready', status: 'False' },
      { type: 'PodScheduled', status: 'True' },
    ]);
  });

  it('strategic merge honours $patch delete/replace and $deleteFromPrimitiveList, and replaces unkeyed lists', () => {
    const out = applyStrategicMergePatch(pod, {
      metadata: { labels: { $patch: 'replace', only: 'this' }, '$deleteFromPrimitiveList/finalizers': ['x'] },
      spec: {
        containers: [{ name: 'sidecar', $patch: 'delete' }],
        tolerations: [{ key: 'other', operator: 'Exists' }],
      },
      '$setElementOrder/containers': [{ name: 'app' }],
    }) as typeof pod;
    expect(out.metadata.labels).toEqual({ only: 'this' });
    expect(out.metadata.finalizers).toEqual([]);
    expect(out.spec.containers.map((c) => c.name)).toEqual(['app']);
    expect(out.spec.tolerations).toEqual([{ key: 'other', operator: 'Exists' }]);
    expect(out).not.toHaveProperty('$setElementOrder/containers');
  });
});
