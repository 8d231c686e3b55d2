import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAddressIndex } from '../src/address-index.js';
import { aggregateTcp } from '../src/tcp-aggregate.js';
import { tcpFindings } from '../src/tcp-findings.js';
import { tcpEvents } from '../src/tcp-trace.js';
import { endpointSlice, node, pod, service } from './kube-fixtures.js';

const trace = readFileSync(new URL('./fixtures/ig/trace-tcp-refused.jsonl', import.meta.url), 'utf8');
const scope = {
  subject: 'pod/shop/web-7d9c-x2k4p',
  client: 'web',
  traced: 'shop/web-7d9c-x2k4p',
  nodes: ['aks-np1-31415926-vmss000001'],
  durationSeconds: 15,
};
const apiPorts = [{ containerPort: 3000, name: 'http' }];
const objects = {
  services: [service('api', '10.0.44.1', [{ name: 'http', port: 80, targetPort: 8080 }])],
  slices: [
    endpointSlice(
      'api',
      [
        { ip: '10.244.2.7', pod: 'api-5f6d-abcde' },
        { ip: '10.244.1.13', pod: 'api-5f6d-fghij' },
      ],
      [{ name: 'http', port: 8080 }],
    ),
  ],
  nodes: [node('aks-np1-31415926-vmss000001', '10.224.0.5')],
  pods: [
    pod('api-5f6d-abcde', '10.244.2.7', { ports: apiPorts }),
    pod('api-5f6d-fghij', '10.244.1.13', { ports: apiPorts }),
    pod('catalog-77-qwert', '10.244.0.12', { ports: [{ containerPort: 3000 }] }),
  ],
};

describe('tcpFindings', () => {
  const { findings, patches } = tcpFindings(
    scope,
    aggregateTcp(tcpEvents(trace)),
    buildAddressIndex(objects),
  );

  it('merges refused connects to all endpoints of one Service and names the targetPort mismatch', () => {
    expect(findings[0]).toMatchObject({
      severity: 'critical',
      title:
        "web → api:80 refused 8 times in 15 s: Service api targetPort 8080, but its pods listen on 3000 (containerPort 'http')",
      subject: 'service/shop/api',
    });
    expect(findings[0]?.evidence.map((e) => e.source)).toEqual([
      'trace_tcp on aks-np1-31415926-vmss000001 (15 s)',
      'Service/shop/api .spec.ports[0]',
      'EndpointSlice/shop/api-abcde',
      'Pod/shop/api-5f6d-abcde .spec.containers[api].ports',
      'Pod/shop/api-5f6d-fghij .spec.containers[api].ports',
    ]);
    expect(findings[0]?.evidence[0]?.text).toBe(
      '8 connects failed with ECONNREFUSED: 5× 10.244.2.7:8080 (api-5f6d-abcde), 3× 10.244.1.13:8080 (api-5f6d-fghij); meanwhile 1 connect succeeded (catalog-77-qwert:3000)',
    );
    expect(findings[0]?.evidence[1]?.text).toBe('port 80 (http) → targetPort 8080');
    expect(patches).toEqual([
      {
        finding: findings[0],
        namespace: 'shop',
        name: 'api',
        patch: [{ op: 'replace', path: '/spec/ports/0/targetPort', value: 'http' }],
        summary: 'Set Service shop/api targetPort 8080 → http (3000)',
      },
    ]);
    expect(findings[0]?.remediation?.steps[0]).toBe(
      `kubectl -n shop patch service api --type json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":"http"}]'`,
    );
  });

  it('reports a timeout to an address outside the cluster as a warning with the likely causes', () => {
    expect(findings[1]).toMatchObject({
      severity: 'warning',
      title: 'web → 10.50.2.9:5432 timed out once in 15 s',
    });
    expect(findings[1]?.detail).toMatch(/NetworkPolicy or firewall/);
  });

  it('says nothing failed when every connect succeeded', () => {
    const ok = trace
      .split('\n')
      .filter((l) => l.includes('"error":""'))
      .join('\n');
    const { findings: result } = tcpFindings(scope, aggregateTcp(tcpEvents(ok)), buildAddressIndex(objects));
    expect(result).toEqual([
      expect.objectContaining({
        severity: 'ok',
        title: 'No failed connections from web in 15 s',
        detail: '1 connect to 1 destination succeeded.',
      }),
    ]);
  });

  it('says the trace saw no connects at all rather than calling it healthy', () => {
    const { findings: result } = tcpFindings(scope, aggregateTcp(tcpEvents('')), buildAddressIndex(objects));
    expect(result.map((f) => [f.severity, f.title])).toEqual([['info', 'No TCP connects from web in 15 s']]);
  });

  it('blames the pod, not the Service, when the pod declares the port that refuses', () => {
    const listening = {
      ...objects,
      pods: objects.pods.map((p) =>
        p.metadata.name.startsWith('api')
          ? pod(p.metadata.name, String((p.status as { podIP: string }).podIP), {
              ports: [{ containerPort: 8080, name: 'http' }],
            })
          : p,
      ),
    };
    const { findings: result } = tcpFindings(
      scope,
      aggregateTcp(tcpEvents(trace)),
      buildAddressIndex(listening),
    );
    expect(result[0]).toMatchObject({ severity: 'warning', title: 'web → api:80 refused 8 times in 15 s' });
    expect(result[0]?.detail).toMatch(/Nothing accepts connections on port 8080/);
  });
});
