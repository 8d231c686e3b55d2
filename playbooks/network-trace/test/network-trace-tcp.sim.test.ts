import type { Simulator } from '@triage/cluster-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkTraceParams, networkTracePlaybook } from '../src/index.js';
import { diagnosticPodsLeft, simulatorContext, startScenario } from './simulator-context.js';

const CLIENT = 'shop/storefront-tzgssnhqj2-8k8c4';
let sim: Simulator;

beforeAll(async () => {
  sim = await startScenario('tcp-refused');
});
afterAll(async () => {
  await sim?.close();
});

describe('network-trace on tcp-refused', () => {
  it('concludes that order-service refuses because its targetPort is 8080 while the pods listen on 3000', async () => {
    const ctx = simulatorContext(sim);
    const findings = await networkTracePlaybook.run(
      ctx,
      networkTraceParams.parse({ pod: CLIENT, mode: 'tcp' }),
    );
    const [top] = findings;
    expect(top?.severity).toBe('critical');
    expect(top?.title).toBe(
      "storefront → order-service:80 refused 19 times in 15 s: Service order-service targetPort 8080, but its pods listen on 3000 (containerPort 'http')",
    );
    expect(top?.subject).toBe('service/shop/order-service');
    expect(top?.detail).toContain('Fix: set targetPort: http');
    const sources = top?.evidence.map((e) => e.source) ?? [];
    expect(sources).toContain('trace_tcp on aks-nodepool1-31415926-vmss000000 (15 s)');
    expect(sources).toContain('Service/shop/order-service .spec.ports[0]');
    expect(sources).toContain('EndpointSlice/shop/order-service-m2prl');
    expect(sources.some((s) => s.startsWith('Pod/shop/order-service-6trp2trbth-'))).toBe(true);
    expect(top?.evidence[0]?.text).toMatch(/19 connects failed with ECONNREFUSED: .*10\.244\.\d+\.\d+:8080/);
    expect(top?.evidence[0]?.text).toContain('catalog-service');
    expect(top?.remediation?.steps[0]).toBe(
      `kubectl -n shop patch service order-service --type json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":"http"}]'`,
    );
    expect(top?.remediation?.dryRun).toEqual({
      ok: true,
      detail: 'server-side dry-run accepted the patch (ports after: 80 → http)',
    });
    expect(top?.remediation?.changes).toEqual([
      {
        summary: 'Set Service shop/order-service targetPort 8080 → http (3000)',
        resource: 'services',
        name: 'order-service',
        namespace: 'shop',
        type: 'json',
        patch: [{ op: 'replace', path: '/spec/ports/0/targetPort', value: 'http' }],
      },
    ]);
    expect(findings.filter((f) => f.severity === 'critical')).toHaveLength(1);
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);

  it('traces TCP and DNS of a Service’s clients side by side and says when no lookup of its names was seen', async () => {
    const ctx = simulatorContext(sim);
    const findings = await networkTracePlaybook.run(
      ctx,
      networkTraceParams.parse({ service: 'shop/order-service', mode: 'both' }),
    );
    expect(findings[0]?.title).toMatch(/^storefront → order-service:80 refused 37 times in 15 s: /);
    const dns = findings.find((f) => f.title.startsWith('No DNS queries'));
    expect(dns).toMatchObject({
      severity: 'info',
      title: 'No DNS queries from clients of order-service in 15 s',
      subject: 'service/shop/order-service',
    });
    expect(dns?.detail).toContain('asking for Service shop/order-service');
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);

  it('finds the targetPort mismatch statically when given the Service, and the trace confirms it', async () => {
    const ctx = simulatorContext(sim);
    const findings = await networkTracePlaybook.run(
      ctx,
      networkTraceParams.parse({
        namespace: 'shop',
        service: 'order-service',
        pod: 'storefront-tzgssnhqj2-m25fg',
        mode: 'tcp',
      }),
    );
    expect(findings[0]?.title).toMatch(
      /^storefront → order-service:80 refused 18 times in 15 s: Service order-service targetPort 8080/,
    );
    expect(findings.some((f) => f.title.includes('matches no containerPort'))).toBe(false);
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);

  it('reports the mismatch from the Service alone, without tracing', async () => {
    const ctx = simulatorContext(sim, { diagnosticPods: false });
    const findings = await networkTracePlaybook.run(
      ctx,
      networkTraceParams.parse({ service: 'shop/order-service', mode: 'tcp' }),
    );
    expect(findings.map((f) => f.title)).toEqual([
      "Service order-service targetPort 8080 matches no containerPort: its pods listen on 3000 (containerPort 'http')",
      'Tracing unavailable: Triage runs read-only (no diagnostic pods)',
    ]);
    // Not dry-run without a trace: nothing is offered for applying from chat.
    expect(findings[0]?.remediation?.changes).toBeUndefined();
  }, 120_000);

  it('traces the clients of a Service given alone, summing the refused connects of both storefront pods', async () => {
    const ctx = simulatorContext(sim);
    const commands: string[][] = [];
    const stop = sim.store.watch('pods', { namespace: 'triage-system' }, (event) => {
      if (event.type === 'ADDED')
        commands.push(
          (event.object.spec as { containers: { command: string[] }[] }).containers[0]?.command ?? [],
        );
    });
    const findings = await networkTracePlaybook
      .run(ctx, networkTraceParams.parse({ service: 'shop/order-service', mode: 'tcp' }))
      .finally(stop);
    // One ig pod per node, each tracing every pod there (no namespace or pod filter).
    expect(commands).toHaveLength(3);
    for (const command of commands) expect(command).not.toContain('--filter');
    const [top] = findings;
    expect(top?.severity).toBe('critical');
    expect(top?.title).toBe(
      "storefront → order-service:80 refused 37 times in 15 s: Service order-service targetPort 8080, but its pods listen on 3000 (containerPort 'http')",
    );
    expect(top?.subject).toBe('service/shop/order-service');
    expect(top?.evidence[0]?.source).toBe(
      'trace_tcp on aks-nodepool1-31415926-vmss000000, aks-nodepool1-31415926-vmss000001, aks-nodepool1-31415926-vmss000002 (15 s)',
    );
    // Only connects to order-service count: the successful ones to catalog-service are left out.
    expect(top?.evidence[0]?.text).toMatch(/^37 connects failed with ECONNREFUSED: \d+× 10\.244\./);
    expect(top?.evidence[0]?.text).not.toContain('catalog-service');
    expect(top?.evidence[1]).toEqual({
      source: 'clients (source address → pod)',
      text: 'shop/storefront-tzgssnhqj2-8k8c4 19×, shop/storefront-tzgssnhqj2-m25fg 18×',
    });
    expect(top?.remediation?.dryRun?.ok).toBe(true);
    // The static mismatch finding is confirmed by the trace, so it is not repeated.
    expect(findings.some((f) => f.title.includes('matches no containerPort'))).toBe(false);
    expect(ctx.progressed).toContain(
      'Tracing clients of shop/order-service on aks-nodepool1-31415926-vmss000000, aks-nodepool1-31415926-vmss000001, aks-nodepool1-31415926-vmss000002',
    );
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);

  it('says tracing is unavailable in a read-only install and still checks the Service', async () => {
    const ctx = simulatorContext(sim, { diagnosticPods: false });
    const findings = await networkTracePlaybook.run(
      ctx,
      networkTraceParams.parse({ service: 'shop/catalog-service', pod: CLIENT, mode: 'tcp' }),
    );
    expect(findings.map((f) => f.title)).toEqual([
      'Tracing unavailable: Triage runs read-only (no diagnostic pods)',
    ]);
  }, 120_000);

  it('keeps the static findings and says why when tracing cannot create its pod', async () => {
    const ctx = simulatorContext(sim, { namespace: 'triage-missing' });
    const findings = await networkTracePlaybook.run(
      ctx,
      networkTraceParams.parse({ service: 'shop/order-service', pod: CLIENT, mode: 'both' }),
    );
    expect(findings.map((f) => f.title)).toEqual([
      "Service order-service targetPort 8080 matches no containerPort: its pods listen on 3000 (containerPort 'http')",
      'Tracing with trace_tcp failed',
      'Tracing with trace_dns failed',
    ]);
    expect(findings[1]?.detail).toContain('kubectl create namespace triage-missing');
  }, 120_000);
});
