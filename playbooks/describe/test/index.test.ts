import { describe as group, expect, it } from 'vitest';
import { describeParams, describePlaybook } from '../src/index.js';
import { loadFixture } from './fake-kube.js';
import { contextFor } from './playbook-context.js';

group('describe playbook', () => {
  it('is named describe, has no triggers (the runner falls back to it) and defaults to 10 events', () => {
    expect(describePlaybook.name).toBe('describe');
    expect(describePlaybook.triggers).toEqual([]);
    expect(describeParams.parse({ subject: 'cluster' })).toEqual({ subject: 'cluster', maxEvents: 10 });
    expect(describeParams.parse({ subject: 'cluster', maxEvents: '5' }).maxEvents).toBe(5);
    expect(describeParams.safeParse({ subject: 'cluster', maxEvents: 'all' }).success).toBe(false);
  });

  it.each([
    'pod/shop',
    'node/',
    'node/a/b',
    'node/Web_1',
    'pod/shop/web,involvedObject.kind=Secret',
    'pod/Shop/web',
    'workload/shop/Deploy-ment/web',
    'service/shop/web?watch=1',
    'secrets/shop/db',
  ])('rejects the subject %s before touching the cluster', (subject) => {
    const result = describeParams.safeParse({ subject });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('subject must be node/<name>');
  });

  it('reports progress and returns findings about the subject key', async () => {
    const { ctx, progress } = contextFor(loadFixture('node-healthy'));
    const findings = await describePlaybook.run(ctx, {
      subject: 'node/aks-np1-31415926-vmss000000',
      maxEvents: 10,
    });
    expect(progress).toEqual(['Describing node/aks-np1-31415926-vmss000000']);
    expect(findings.every((f) => f.subject === 'node/aks-np1-31415926-vmss000000')).toBe(true);
  });

  it('stops with the abort reason once the deadline has passed', async () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline exceeded'));
    const { ctx, calls } = contextFor(loadFixture('node-healthy'), controller.signal);
    await expect(describePlaybook.run(ctx, { subject: 'cluster', maxEvents: 10 })).rejects.toThrow(
      'deadline exceeded',
    );
    expect(calls).toEqual([]);
  });

  it('stops between requests when the deadline passes mid-run', async () => {
    const controller = new AbortController();
    const { ctx, calls } = contextFor(loadFixture('node-notready'), controller.signal);
    const get = ctx.kube.get;
    ctx.kube.get = async (...args) => {
      const object = await get(...args);
      controller.abort(new Error('deadline exceeded'));
      return object;
    };
    await expect(
      describePlaybook.run(ctx, { subject: 'node/aks-np1-31415926-vmss000002', maxEvents: 10 }),
    ).rejects.toThrow('deadline exceeded');
    expect(calls).toEqual(['get nodes /aks-np1-31415926-vmss000002']);
  });

  it('refuses an unparsed invalid subject instead of sending it to the cluster', async () => {
    const { ctx, calls } = contextFor([]);
    await expect(describePlaybook.run(ctx, { subject: 'node/../x', maxEvents: 10 })).rejects.toThrow(
      /invalid subject/,
    );
    expect(calls).toEqual([]);
  });
});
