import type { Simulator } from '@triage/cluster-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkTraceParams, networkTracePlaybook } from '../src/index.js';
import { diagnosticPodsLeft, simulatorContext, startScenario } from './simulator-context.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await startScenario('dns-upstream');
});
afterAll(async () => {
  await sim?.close();
});

describe('network-trace on dns-upstream', () => {
  it('traces CoreDNS after the client’s lookups fail and names the upstream that never answers', async () => {
    const ctx = simulatorContext(sim);
    const findings = await networkTracePlaybook.run(
      ctx,
      networkTraceParams.parse({ pod: 'shop/order-service-6trp2trbth-lmrqh', mode: 'dns' }),
    );
    const [top] = findings;
    expect(top?.severity).toBe('critical');
    expect(top?.title).toBe(
      'Upstream DNS 10.50.0.4 never answers payments.contoso.internal: 12 of 12 queries got no answer; other names in contoso.internal resolve',
    );
    expect(top?.detail).toContain('ConfigMap/kube-system/coredns-custom key contoso.server');
    expect(top?.detail).toContain('ndots:5');
    const sources = top?.evidence.map((e) => e.source) ?? [];
    expect(sources).toEqual([
      'trace_dns on aks-userpool-31415926-vmss000000 (15 s)',
      'trace_dns on aks-nodepool1-31415926-vmss000000, aks-nodepool1-31415926-vmss000001 (15 s)',
      'Pod/shop/order-service-6trp2trbth-lmrqh .spec.dnsPolicy',
      'ConfigMap/kube-system/coredns-custom key contoso.server',
    ]);
    expect(top?.evidence[1]?.text).toMatch(
      /^payments\.contoso\.internal: 12 queries from CoreDNS to 10\.50\.0\.4, 12 unanswered; inventory\.contoso\.internal: \d+ queries, \d+ Success/,
    );
    expect(top?.evidence[3]?.text).toBe('contoso.internal:53 { forward . 10.50.0.4 }');
    expect(top?.remediation?.steps[0]).toBe(
      'from a node: dig @10.50.0.4 payments.contoso.internal A (expect no answer now)',
    );
    expect(findings.filter((f) => f.severity === 'critical')).toHaveLength(1);
    expect(ctx.progressed.some((p) => p.startsWith('DNS lookups fail: tracing CoreDNS on'))).toBe(true);
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 180_000);
});
