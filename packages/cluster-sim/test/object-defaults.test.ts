import { describe, expect, it } from 'vitest';
import { readPath } from '../src/kube-object.js';
import { applyDefaults } from '../src/object-defaults.js';
import { createObjectStore } from '../src/object-store.js';

describe('API defaults on client creates', () => {
  it('gives a pod the spec defaults the real API adds, with pull policy by tag', () => {
    const pod = applyDefaults(
      'pods',
      {
        metadata: { name: 'p' },
        spec: {
          containers: [
            { name: 'a', image: 'busybox' },
            { name: 'b', image: 'nginx:1.27', ports: [{ containerPort: 80 }] },
          ],
        },
      },
      () => '10.0.0.9',
    );
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      serviceAccountName: 'default',
      containers: [
        { imagePullPolicy: 'Always', terminationMessagePolicy: 'File' },
        { imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80, protocol: 'TCP' }] },
      ],
    });
    expect(readPath(pod, 'spec.tolerations')).toBeUndefined();
  });

  it('keeps values the client set', () => {
    const pod = applyDefaults(
      'pods',
      { metadata: { name: 'p' }, spec: { restartPolicy: 'Never', containers: [] } },
      () => '',
    );
    expect(pod.spec).toMatchObject({ restartPolicy: 'Never' });
  });

  it('allocates distinct cluster IPs and defaults service ports', () => {
    const store = createObjectStore();
    const svc = (name: string) =>
      store.create('services', {
        metadata: { name, namespace: 'shop' },
        spec: { selector: { app: name }, ports: [{ port: 80 }] },
      });
    const a = svc('a');
    const b = svc('b');
    expect(a.spec).toMatchObject({
      type: 'ClusterIP',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      sessionAffinity: 'None',
    });
    expect(readPath(a, 'spec.clusterIP')).toMatch(/^10\.0\.\d+\.\d+$/);
    expect(readPath(a, 'spec.clusterIPs')).toEqual([readPath(a, 'spec.clusterIP')]);
    expect(readPath(a, 'spec.clusterIP')).not.toBe(readPath(b, 'spec.clusterIP'));
    const headless = store.create('services', {
      metadata: { name: 'h', namespace: 'shop' },
      spec: { clusterIP: 'None', ports: [{ port: 5432 }] },
    });
    expect(readPath(headless, 'spec.clusterIP')).toBe('None');
  });

  it('defaults a deployment strategy and its template, but leaves recorded objects alone', () => {
    const store = createObjectStore();
    const template = {
      metadata: { labels: { app: 'w' } },
      spec: { containers: [{ name: 'w', image: 'w:1' }] },
    };
    const created = store.create('deployments.apps', {
      metadata: { name: 'w', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'w' } }, template },
    });
    expect(created.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      strategy: { type: 'RollingUpdate' },
    });
    expect(readPath(created, 'spec.template.spec.restartPolicy')).toBe('Always');
    const recorded = store.create(
      'deployments.apps',
      {
        metadata: { name: 'r', namespace: 'shop' },
        spec: { selector: { matchLabels: { app: 'w' } }, template },
      },
      { keepMetadata: true },
    );
    expect(recorded.spec).not.toHaveProperty('strategy');
  });
});
