import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forwarderFor, forwardersOf, parseForwarders } from '../src/corefile.js';
import { aggregateDns, searchExpansions } from '../src/dns-aggregate.js';
import { dnsFindings } from '../src/dns-findings.js';
import { corednsReadiness, dnsEvents, podNdots } from '../src/dns-trace.js';
import { pod } from './kube-fixtures.js';

const trace = readFileSync(new URL('./fixtures/ig/trace-dns-servfail.jsonl', import.meta.url), 'utf8');

describe('dnsEvents and aggregateDns', () => {
  it('reads ig trace_dns fields: qr, id, rcode "" on queries, nameserver, latency_ns_raw', () => {
    const [query, response] = [...dnsEvents(trace)];
    expect(query).toMatchObject({
      qr: 'Q',
      id: 'a00',
      qtype: 'A',
      rcode: '',
      nameserver: '10.0.0.10',
      latencyNs: 0,
      pktType: 'OUTGOING',
    });
    expect(response).toMatchObject({
      qr: 'R',
      rcode: 'NameError',
      latencyNs: 850_000,
      podName: 'web-7d9c-x2k4p',
    });
  });

  it('matches responses to queries by server, id, type and name and counts the unanswered ones', () => {
    const exchanges = aggregateDns(dnsEvents(trace));
    const api = exchanges.find((x) => x.name === 'api.contoso.internal.');
    expect(api).toMatchObject({
      server: '10.0.0.10',
      queries: 2,
      responses: 1,
      rcodes: { ServerFailure: 1 },
      unanswered: 1,
    });
    expect(api?.qtypes).toEqual(new Set(['A', 'AAAA']));
    expect(api?.latencyNs).toEqual({ p50: 2_003_000_000, p99: 2_003_000_000 });
    const orders = exchanges.find((x) => x.name === 'orders.shop.svc.cluster.local.');
    expect(orders).toMatchObject({ queries: 1, responses: 1, rcodes: { Success: 1 }, unanswered: 0 });
  });

  it('groups search-path expansions under the name the application asked for', () => {
    const lookups = searchExpansions(aggregateDns(dnsEvents(trace)).map((x) => x.name));
    expect([...lookups.keys()].sort()).toEqual(['api.contoso.internal.', 'orders.shop.svc.cluster.local.']);
    expect(lookups.get('api.contoso.internal.')).toHaveLength(3);
  });
});

describe('Corefile forwarders', () => {
  const corefile = `.:53 {
    errors
    health {
      lameduck 5s
    }
    kubernetes cluster.local in-addr.arpa ip6.arpa {
      pods insecure
    }
    forward . /etc/resolv.conf   # node resolver
    cache 30
}
import custom/*.server`;
  const custom = 'contoso.internal:53 {\n    errors\n    forward . 10.50.0.4 10.50.0.5\n}\n';

  it('reads forward directives per server block, skipping nested blocks and comments', () => {
    expect(parseForwarders(corefile, 'Corefile')).toEqual([
      { zones: ['.'], upstreams: ['/etc/resolv.conf'], source: 'Corefile' },
    ]);
    expect(parseForwarders(custom, 'custom')).toEqual([
      { zones: ['contoso.internal'], upstreams: ['10.50.0.4', '10.50.0.5'], source: 'custom' },
    ]);
  });

  it('picks the longest zone for a name from coredns and coredns-custom ConfigMaps', () => {
    const maps = [
      { metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: corefile } },
      {
        metadata: { name: 'coredns-custom', namespace: 'kube-system' },
        data: { 'contoso.server': custom, 'notes.txt': 'forward . 1.1.1.1' },
      },
    ];
    const forwarders = forwardersOf(maps);
    expect(forwarders).toHaveLength(2);
    expect(forwarderFor('payments.contoso.internal.', forwarders)).toMatchObject({
      zone: 'contoso.internal',
      forwarder: { source: 'ConfigMap/kube-system/coredns-custom key contoso.server' },
    });
    expect(forwarderFor('example.com.', forwarders)?.zone).toBe('.');
  });
});

describe('dnsFindings', () => {
  const base = {
    subject: 'pod/shop/web-7d9c-x2k4p',
    traced: 'shop/web-7d9c-x2k4p',
    pod: 'shop/web-7d9c-x2k4p',
    client: 'web',
    nodes: ['aks-np1-31415926-vmss000001'],
    durationSeconds: 15,
    dnsPolicy: 'ClusterFirst',
    ndots: 5,
    corednsNodes: [],
    forwarders: [],
  };

  it('reports a failing lookup from the client side when CoreDNS was not traced', () => {
    const findings = dnsFindings({
      ...base,
      clientExchanges: aggregateDns(dnsEvents(trace)),
      upstream: undefined,
    });
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'Lookups of api.contoso.internal from web fail: 1 ServerFailure, 1 unanswered'],
    ]);
    expect(findings[0]?.detail).toContain('ndots:5');
  });

  it('says DNS resolves when every lookup was answered', () => {
    const ok = trace
      .split('\n')
      .filter((l) => l.includes('orders.shop'))
      .join('\n');
    const findings = dnsFindings({
      ...base,
      clientExchanges: aggregateDns(dnsEvents(ok)),
      upstream: undefined,
    });
    expect(findings.map((f) => [f.severity, f.title, f.detail])).toEqual([
      ['ok', 'DNS lookups from web resolve (1 name in 15 s)', '1 query, all answered; slowest p99 412µs.'],
    ]);
  });

  it('uses the pod’s dnsConfig ndots when set, else 5', () => {
    const tuned = pod('web-1', '10.244.0.9');
    (tuned.spec as Record<string, unknown>).dnsConfig = { options: [{ name: 'ndots', value: '2' }] };
    expect(podNdots(tuned)).toBe(2);
    expect(podNdots(pod('web-2', '10.244.0.10'))).toBe(5);
  });
});

describe('corednsReadiness', () => {
  it('says nothing when every CoreDNS pod is ready, and names the ones that are not', () => {
    const ready = pod('coredns-1', '10.244.0.6');
    const unready = pod('coredns-2', '10.244.1.6');
    (unready.status as Record<string, unknown>).conditions = [{ type: 'Ready', status: 'False' }];
    expect(corednsReadiness([ready])).toEqual([]);
    const [finding] = corednsReadiness([ready, unready]);
    expect(finding).toMatchObject({ severity: 'warning', title: '1 of 2 CoreDNS pods not ready' });
    expect(finding?.evidence[0]?.source).toBe('Pod/shop/coredns-2 .status.conditions[Ready]');
    expect(corednsReadiness([])[0]?.title).toBe('No cluster DNS pods (k8s-app=kube-dns) in kube-system');
  });
});
