import { describe, expect, it } from 'vitest';
import { portMismatches, targetPortFix } from '../src/service-ports.js';
import { staticServiceFindings } from '../src/static-checks.js';
import { endpointSlice, pod, service } from './kube-fixtures.js';

const pods = [pod('api-5f6d-abcde', '10.244.2.7', { ports: [{ containerPort: 3000, name: 'http' }] })];

describe('portMismatches', () => {
  it('finds a numeric targetPort no container declares and the named port it likely meant', () => {
    const [m] = portMismatches(
      service('api', '10.0.0.1', [{ name: 'http', port: 80, targetPort: 8080 }]),
      pods,
    );
    expect(m).toMatchObject({ target: 8080, likely: { containerPort: 3000, name: 'http' } });
    expect(targetPortFix(m as NonNullable<typeof m>)?.value).toBe('http');
  });

  it('accepts a named targetPort that a container declares, and a matching number', () => {
    expect(
      portMismatches(service('api', '10.0.0.1', [{ name: 'http', port: 80, targetPort: 'http' }]), pods),
    ).toEqual([]);
    expect(portMismatches(service('api', '10.0.0.1', [{ port: 80, targetPort: 3000 }]), pods)).toEqual([]);
  });

  it('finds a named targetPort no container declares, and defaults targetPort to port', () => {
    expect(
      portMismatches(service('api', '10.0.0.1', [{ port: 80, targetPort: 'web' }]), pods)[0]?.target,
    ).toBe('web');
    expect(portMismatches(service('api', '10.0.0.1', [{ port: 80 }]), pods)[0]?.target).toBe(80);
  });

  it('says what the fix does, naming the Service port only when the Service has several', () => {
    const [named] = portMismatches(
      service('api', '10.0.0.1', [{ name: 'http', port: 80, targetPort: 8080 }]),
      pods,
    );
    expect(targetPortFix(named as NonNullable<typeof named>)?.summary).toBe(
      'Set Service shop/api targetPort 8080 → http (3000)',
    );
    const [twoPorts] = portMismatches(
      service('api', '10.0.0.1', [
        { name: 'metrics', port: 9090, targetPort: 9090 },
        { name: 'web', port: 80, targetPort: 8080 },
      ]),
      [
        pod('api-1', '10.244.0.1', {
          ports: [
            { containerPort: 9090, name: 'metrics' },
            { containerPort: 3000, name: 'web' },
          ],
        }),
      ],
    );
    expect(targetPortFix(twoPorts as NonNullable<typeof twoPorts>)?.summary).toBe(
      'Set Service shop/api port 80 targetPort 8080 → web (3000)',
    );
    const [single] = portMismatches(service('api', '10.0.0.1', [{ port: 80, targetPort: 8080 }]), [
      pod('api-1', '10.244.0.1', { ports: [{ containerPort: 3000 }] }),
    ]);
    expect(targetPortFix(single as NonNullable<typeof single>)).toMatchObject({
      value: 3000,
      summary: 'Set Service shop/api targetPort 8080 → 3000',
    });
  });

  it('says nothing when the pods declare no ports (ports are informational)', () => {
    expect(
      portMismatches(service('api', '10.0.0.1', [{ port: 80, targetPort: 8080 }]), [
        pod('api-1', '10.244.0.1'),
      ]),
    ).toEqual([]);
  });
});

describe('staticServiceFindings', () => {
  const api = service('api', '10.0.0.1', [{ name: 'http', port: 80, targetPort: 8080 }]);

  it('reports a selector that matches no pods as critical', () => {
    const findings = staticServiceFindings({ service: api, pods: [], slices: [] });
    expect(findings.map((f) => [f.severity, f.title])).toEqual([['critical', 'Service api selects no pods']]);
  });

  it('reports pods without a ready endpoint and the port mismatch', () => {
    const slices = [
      endpointSlice(
        'api',
        [{ ip: '10.244.2.7', pod: 'api-5f6d-abcde', ready: false }],
        [{ name: 'http', port: 8080 }],
      ),
    ];
    const findings = staticServiceFindings({ service: api, pods, slices });
    expect(findings.map((f) => f.title)).toEqual([
      'Service api has no ready endpoints (1 not ready)',
      "Service api targetPort 8080 matches no containerPort: its pods listen on 3000 (containerPort 'http')",
    ]);
  });
});

describe('staticServiceFindings readiness', () => {
  it('warns about pods that are not ready while others serve', () => {
    const api = service('api', '10.0.0.1', [{ name: 'http', port: 80, targetPort: 'http' }]);
    const unready = pod('api-5f6d-zzzzz', '10.244.3.7', { ports: [{ containerPort: 3000, name: 'http' }] });
    (unready.status as Record<string, unknown>).conditions = [{ type: 'Ready', status: 'False' }];
    const slices = [
      endpointSlice(
        'api',
        [
          { ip: '10.244.2.7', pod: 'api-5f6d-abcde' },
          { ip: '10.244.3.7', pod: 'api-5f6d-zzzzz', ready: false },
        ],
        [{ name: 'http', port: 3000 }],
      ),
    ];
    const findings = staticServiceFindings({ service: api, pods: [...pods, unready], slices });
    expect(findings.map((f) => f.title)).toEqual(['1 of 2 pods of Service api not ready']);
  });
});
