import { loadScenario, resolveScenarioDirectory, type Simulator, startSimulator } from '@triage/cluster-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkTraceParams, networkTracePlaybook } from '../src/index.js';
import { createTriageNamespace, diagnosticPodsLeft, simulatorContext } from './simulator-context.js';

let sim: Simulator;

// tcp-refused's cluster with a trace of our own: only the storefront's successful connects to catalog-service.
beforeAll(async () => {
  const scenario = await loadScenario(resolveScenarioDirectory('tcp-refused'));
  const rules = scenario.rules as { run: { match: { command?: string; node?: string }; logs: string }[] };
  const tcp = rules.run.find(
    (r) => r.match.command === '*trace_tcp*' && r.match.node?.endsWith('vmss000000'),
  );
  const clean = (tcp?.logs ?? '').split('\n').filter((line) => line.includes('"error":""'));
  sim = await startSimulator({
    objects: scenario.objects.map((o) => o.object),
    rules: {
      run: [
        {
          match: { image: '*inspektor-gadget*', command: '*trace_tcp*' },
          logs: `${clean.join('\n')}\n`,
          finishAfterSeconds: 1,
        },
      ],
    },
  });
  await createTriageNamespace(sim);
});
afterAll(async () => {
  await sim?.close();
});

describe('network-trace with a clean trace', () => {
  it('gives one short ok finding when every connect succeeded', async () => {
    const findings = await networkTracePlaybook.run(
      simulatorContext(sim),
      networkTraceParams.parse({ pod: 'shop/storefront-tzgssnhqj2-8k8c4', mode: 'tcp' }),
    );
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['ok', 'No failed connections from storefront in 15 s'],
    ]);
    expect(findings[0]?.evidence[0]?.text).toMatch(
      /^\d+ connects? succeeded \(catalog-service-whg8kfcpn5-dzzss:3000\)$/,
    );
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);
});
