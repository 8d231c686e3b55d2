import { describe as group, expect, it } from 'vitest';
import { loadFixture } from './fake-kube.js';
import { describe } from './playbook-context.js';

group('describe service', () => {
  it('warns about a numeric targetPort no selected container declares', async () => {
    const objects = [...loadFixture('service-targetport'), ...loadFixture('node-healthy')];
    const { findings } = await describe(objects, 'service/shop/storefront');
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'Service shop/storefront: targetPort not exposed by its pods'],
      ['info', 'Service shop/storefront: selector and endpoints'],
    ]);
    // The named targetPort "http" matches the container's named port; only 8081 is flagged.
    expect(findings[0]?.evidence).toEqual([
      {
        source: 'Service/shop/storefront .spec.ports[http]',
        text: 'targetPort 8081 (port 80) is declared by no selected container; containers declare: 8080/http',
      },
    ]);
    expect(findings[1]?.evidence).toEqual([
      { source: 'Service/shop/storefront .spec.selector', text: 'app=web' },
      {
        source: 'Endpoints/shop/storefront',
        text: 'ready: web-7d9c6b5f4-x2k4p (10.244.0.12); not ready: none',
      },
    ]);
  });

  it('calls a Service whose selector matches no pod critical', async () => {
    const { findings } = await describe(loadFixture('service-orphan'), 'service/shop/cart');
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({
      severity: 'critical',
      title: 'Service shop/cart selects no pods',
      detail: 'No pod in shop has the labels app=cart,tier=backend.',
    });
  });

  it('calls a Service whose pods are all unready critical, with the pods summarised', async () => {
    const unready = {
      ...loadFixture('service-orphan')[0],
      metadata: { name: 'checkout', namespace: 'shop' },
      spec: { selector: { app: 'checkout' }, ports: [{ port: 80, targetPort: 'http' }] },
    };
    const endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'checkout', namespace: 'shop' },
      subsets: [
        {
          notReadyAddresses: [
            { ip: '10.244.0.31', targetRef: { kind: 'Pod', name: 'checkout-5f7b8c9d6-q8wz2' } },
          ],
        },
      ],
    };
    const { findings } = await describe(
      [unready, endpoints, ...loadFixture('pod-crashloop')],
      'service/shop/checkout',
    );
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['critical', 'Service shop/checkout has no ready endpoints'],
      ['critical', '1 of 1 pods of Service shop/checkout have problems: 1 CrashLoopBackOff'],
      ['info', 'Service shop/checkout: selector and endpoints'],
    ]);
  });

  it('says a deleted Service no longer exists', async () => {
    const { findings } = await describe([], 'service/shop/gone');
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', title: 'Service shop/gone no longer exists' }),
    ]);
  });
});
