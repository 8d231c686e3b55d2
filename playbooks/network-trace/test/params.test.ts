import { describe, expect, it } from 'vitest';
import { networkTraceParams } from '../src/params.js';
import { networkParams } from '../src/triggers.js';

describe('networkTraceParams', () => {
  it('defaults to both traces for 15 s and completes a bare pod name with --namespace', () => {
    expect(networkTraceParams.parse({ namespace: 'shop', pod: 'web-1' })).toMatchObject({
      pod: 'shop/web-1',
      mode: 'both',
      durationSeconds: 15,
    });
  });

  it('takes CLI strings for the duration and refuses more than 120 s', () => {
    expect(networkTraceParams.parse({ pod: 'shop/web-1', durationSeconds: '30' }).durationSeconds).toBe(30);
    expect(networkTraceParams.safeParse({ pod: 'shop/web-1', durationSeconds: 121 }).success).toBe(false);
  });

  it('refuses names that are not Kubernetes names and a run with neither pod nor service', () => {
    expect(networkTraceParams.safeParse({ pod: 'shop/../etc' }).success).toBe(false);
    expect(networkTraceParams.safeParse({ pod: 'web-1' }).success).toBe(false);
    expect(networkTraceParams.safeParse({ mode: 'tcp' }).success).toBe(false);
  });
});

describe('networkParams (triggers)', () => {
  const signal = (name: string) =>
    ({
      source: 'alertmanager',
      key: 'k',
      status: 'firing',
      name,
      cluster: 'c',
      labels: {},
      annotations: {},
      startsAt: '2025-03-04T08:00:00Z',
    }) as const;

  it('traces DNS only for CoreDNS alerts and both otherwise, for pod and Service subjects', () => {
    expect(
      networkParams(signal('CoreDNSErrorsHigh'), { kind: 'pod', namespace: 'shop', name: 'web-1' }),
    ).toEqual({ pod: 'shop/web-1', mode: 'dns' });
    expect(
      networkParams(signal('BlackboxProbeFailed'), { kind: 'service', namespace: 'shop', name: 'api' }),
    ).toEqual({ service: 'shop/api', mode: 'both' });
    expect(networkParams(signal('CoreDNSErrorsHigh'), { kind: 'node', name: 'n' })).toBeUndefined();
  });
});
