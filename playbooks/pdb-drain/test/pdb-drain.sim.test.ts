import type { Finding, KubeObject } from '@triage/core';
import { createKubeDryRun, loadKubeConfig } from '@triage/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pod } from './kube-fixtures.js';
import { contextFor, countingReader, runPdbDrain } from './playbook-context.js';
import { startSimContext } from './sim-context.js';

const NODE = 'aks-userpool-31415926-vmss000000';
const POD = 'nginx-rfsjqvntbk-8p78l';

describe('pdb-drain on pdb-drain-blocked (cluster simulator)', () => {
  let env: Awaited<ReturnType<typeof startSimContext>>;
  let before: string;
  let findings: Finding[];

  beforeAll(async () => {
    env = await startSimContext({ scenario: 'pdb-drain-blocked' });
    before = await env.snapshot();
    findings = await runPdbDrain(env.withDryRun(), { node: NODE });
  }, 60_000);
  afterAll(async () => {
    await env?.sim.close();
  });

  it('names web/nginx-pdb blocking the nginx pod first, critical, with the numbers', () => {
    const [first] = findings;
    expect(first?.severity).toBe('critical');
    expect(first?.title).toBe(
      `PodDisruptionBudget web/nginx-pdb blocks eviction of pod web/${POD} (replicas 1, minAvailable 1, disruptionsAllowed 0)`,
    );
    expect(first?.subject).toBe(`node/${NODE}`);
    expect(first?.detail).toContain(
      'Deployment web/nginx has 1 replica and the budget requires minAvailable 1: its only pod must stay healthy',
    );
    expect(first?.detail).toContain('Owner: Deployment web/nginx: 1 replica (1 ready, 1 available).');
  });

  it('cites the PDB status, the API refusing a dry-run eviction and the drain events', () => {
    const evidence = findings[0]?.evidence ?? [];
    expect(evidence).toContainEqual({
      source: 'PodDisruptionBudget/web/nginx-pdb .status',
      text: 'expectedPods 1, currentHealthy 1, desiredHealthy 1, disruptionsAllowed 0',
    });
    expect(evidence).toContainEqual({
      source: `POST pods/${POD}/eviction?dryRun=All (namespace web)`,
      text: "429: Cannot evict pod as it would violate the pod's disruption budget. The disruption budget nginx-pdb needs 1 healthy pods and has 1 currently",
    });
    expect(evidence).toContainEqual(
      expect.objectContaining({
        source: 'Event Warning/Drain ×146 (upgrader)',
        text: `Eviction blocked by Too Many Requests (usually a pdb): web/${POD}`,
      }),
    );
  });

  it('proposes scaling to 2 and maxUnavailable 1 as exact patches, each accepted by a server-side dry-run', () => {
    const remediation = findings[0]?.remediation;
    expect(remediation?.dryRun?.ok).toBe(true);
    const steps = remediation?.steps ?? [];
    const step = (command: string) => steps.find((s) => s.includes(command));
    expect(step(`kubectl -n web patch deployment nginx --type merge -p '{"spec":{"replicas":2}}'`)).toContain(
      'dry-run: accepted by the API server (200, dryRun=All)',
    );
    expect(
      step(
        `kubectl -n web patch poddisruptionbudget nginx-pdb --type merge -p '{"spec":{"minAvailable":null,"maxUnavailable":1}}'`,
      ),
    ).toContain('dry-run: accepted by the API server');
    expect(step('{"replicas":2}')).toContain(
      'Trade-off: the new pod must be scheduled on another node and become Ready',
    );
    expect(steps.at(-1)).toMatch(/^Triage changed nothing/);
  });

  it('offers every accepted patch as an exact change to apply from chat', () => {
    expect(findings[0]?.remediation?.changes).toEqual([
      {
        summary: 'Scale Deployment web/nginx from 1 to 2 replicas',
        resource: 'deployments',
        name: 'nginx',
        namespace: 'web',
        type: 'merge',
        patch: { spec: { replicas: 2 } },
      },
      {
        summary: 'Relax PodDisruptionBudget web/nginx-pdb to maxUnavailable 1',
        resource: 'poddisruptionbudgets',
        name: 'nginx-pdb',
        namespace: 'web',
        type: 'merge',
        patch: { spec: { minAvailable: null, maxUnavailable: 1 } },
      },
      {
        summary: 'Lower minAvailable of PodDisruptionBudget web/nginx-pdb from 1 to 0',
        resource: 'poddisruptionbudgets',
        name: 'nginx-pdb',
        namespace: 'web',
        type: 'merge',
        patch: { spec: { minAvailable: 0 } },
      },
    ]);
  });

  it('says the storefront budget allows its eviction', () => {
    expect(findings.slice(1)).toEqual([
      expect.objectContaining({
        severity: 'ok',
        title: 'PodDisruptionBudget shop/storefront-pdb allows its evictions (disruptionsAllowed 1)',
      }),
    ]);
  });

  it('changes nothing in the cluster', async () => {
    expect(await env.snapshot()).toBe(before);
  });

  it('finds the same blocker from the namespace', async () => {
    const [first] = await runPdbDrain(env.withDryRun(), { namespace: 'web' });
    expect(first?.title).toMatch(/^PodDisruptionBudget web\/nginx-pdb blocks eviction of pod web\/nginx-/);
    expect(first?.subject).toBe('namespace/web');
  });

  it('still names the blocker without dry-run access, and marks the fixes unverified', async () => {
    const [first] = await runPdbDrain(env.readOnly(), { node: NODE });
    expect(first?.severity).toBe('critical');
    expect(first?.title).toContain('web/nginx-pdb blocks eviction');
    expect(first?.detail).toContain('Predicted from the budget status: Triage has no dry-run access');
    expect(first?.remediation?.dryRun).toBeUndefined();
    expect(first?.remediation?.changes).toBeUndefined();
    expect(first?.remediation?.summary).toMatch(/unverified: Triage runs without server-side dry-run access/);
    expect(first?.remediation?.steps[0]).toContain('not verified (no dry-run access)');
    expect(first?.evidence.map((e) => e.source)).toContain(
      `predicted for pod web/${POD} from the budget status (no dry-run)`,
    );
  });

  it('answers a missing node with a warning, not an error', async () => {
    const [only] = await runPdbDrain(env.withDryRun(), { node: 'aks-userpool-31415926-vmss000009' });
    expect(only).toMatchObject({
      severity: 'warning',
      title: 'Node aks-userpool-31415926-vmss000009 does not exist',
    });
  });
});

describe('pdb-drain request cost', () => {
  // 300 more pods elsewhere in the cluster must not cost a single request more.
  const elsewhere: KubeObject[] = Array.from({ length: 300 }, (_, i) =>
    pod(`batch-${i}`, {
      namespace: `team-${i % 30}`,
      node: 'aks-userpool-31415926-vmss000002',
      labels: { app: 'batch' },
    }),
  );

  async function callsFor(objects: KubeObject[]) {
    const env = await startSimContext({ scenario: 'pdb-drain-blocked', objects });
    try {
      const { reader, calls } = countingReader(env.kube);
      const dryRun = createKubeDryRun(loadKubeConfig({ kubeconfig: env.sim.kubeconfigPath }));
      await runPdbDrain(contextFor(reader, dryRun), { node: NODE });
      return calls.sort();
    } finally {
      await env.sim.close();
    }
  }

  it("reads only the node, its pods and events, the budgets of its namespaces and the blocker's owner chain", async () => {
    const calls = await callsFor([]);
    expect(calls).toEqual([
      `get deployments web/nginx`,
      `get nodes /${NODE}`,
      `get replicasets web/nginx-rfsjqvntbk`,
      `list events {"fieldSelector":"involvedObject.kind=Node,involvedObject.name=${NODE}","max":500}`,
      `list poddisruptionbudgets {"namespace":"shop"}`,
      `list poddisruptionbudgets {"namespace":"web"}`,
      `list pods {"fieldSelector":"spec.nodeName=${NODE}","max":5000}`,
      `list pods {"namespace":"web","labelSelector":"app=nginx"}`,
    ]);
    expect(await callsFor(elsewhere)).toEqual(calls);
  }, 120_000);
});

describe('pdb-drain on healthy (cluster simulator)', () => {
  let env: Awaited<ReturnType<typeof startSimContext>>;
  beforeAll(async () => {
    env = await startSimContext({ scenario: 'healthy' });
  }, 60_000);
  afterAll(async () => {
    await env?.sim.close();
  });

  it('says in one ok finding that nothing blocks a drain of a node', async () => {
    const findings = await runPdbDrain(env.withDryRun(), { node: 'aks-nodepool1-31415926-vmss000000' });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('ok');
    expect(findings[0]?.title).toMatch(
      /^A drain of aks-nodepool1-31415926-vmss000000 would evict \d+ pods; no PodDisruptionBudget blocks it$/,
    );
    expect(findings[0]?.detail).toMatch(/^The API server accepted a dry-run eviction of/);
  });

  it('lists both shop budgets allowing one disruption for the namespace', async () => {
    const findings = await runPdbDrain(env.withDryRun(), { namespace: 'shop' });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.title).toMatch(
      /^No PodDisruptionBudget in namespace shop blocks an eviction \(\d+ pods\)$/,
    );
    const texts = findings[0]?.evidence.map((e) => `${e.source} ${e.text}`).join('\n');
    expect(texts).toContain('PodDisruptionBudget/shop/storefront-pdb .status disruptionsAllowed 1');
    expect(texts).toContain('PodDisruptionBudget/shop/order-service-pdb .status disruptionsAllowed 1');
  });
});
