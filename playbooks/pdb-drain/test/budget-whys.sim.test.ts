import type { Finding, KubeObject } from '@triage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budget, pod, workload } from './kube-fixtures.js';
import { runPdbDrain } from './playbook-context.js';
import { startSimContext } from './sim-context.js';

const NODE = 'aks-small-31415926-vmss000000';
const OTHER = 'aks-small-31415926-vmss000001';

function node(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    spec: name === NODE ? { unschedulable: true } : {},
    status: {
      allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
    },
  };
}

/** A Deployment with its ReplicaSet and pods (`ready` per pod, placed on `nodes` in turn). */
function deployment(
  namespace: string,
  name: string,
  ready: boolean[],
  labels: Record<string, string>,
  nodes = [NODE, OTHER],
) {
  const rs = `${name}-5d8f7b9c4`;
  return [
    workload('Deployment', name, ready.length, { namespace, ready: ready.filter(Boolean).length }),
    workload('ReplicaSet', rs, ready.length, { namespace, ready: ready.filter(Boolean).length, owner: name }),
    ...ready.map((r, i) =>
      pod(`${rs}-p${i}`, {
        namespace,
        labels,
        ready: r,
        node: nodes[i % nodes.length],
        owner: { kind: 'ReplicaSet', name: rs },
      }),
    ),
  ];
}

/** Each namespace holds one reason a budget allows nothing; pods to evict sit on NODE. Budgets get their status from the simulator's disruption controller. */
const objects: KubeObject[] = [
  node(NODE),
  node(OTHER),
  // maxUnavailable 0: no replica count helps.
  ...deployment('zero', 'api', [true, true], { app: 'api' }),
  budget('api-pdb', {
    namespace: 'zero',
    maxUnavailable: 0,
    selector: { matchLabels: { app: 'api' } },
    status: undefined,
  }),
  // Unready pods use up the budget; the unready pod on NODE could go under AlwaysAllow.
  ...deployment('sick', 'db', [false, false, true], { app: 'db' }),
  budget('db-pdb', { namespace: 'sick', minAvailable: 2, selector: { matchLabels: { app: 'db' } } }),
  // One selector over a Deployment and a StatefulSet.
  ...deployment('shared', 'front', [true], { tier: 'backend', app: 'front' }, [NODE]),
  workload('StatefulSet', 'cache', 1, { namespace: 'shared' }),
  pod('cache-0', {
    namespace: 'shared',
    labels: { tier: 'backend', app: 'cache' },
    node: OTHER,
    owner: { kind: 'StatefulSet', name: 'cache' },
  }),
  budget('backend-pdb', {
    namespace: 'shared',
    minAvailable: 2,
    selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] },
  }),
  // Two budgets on one pod: the eviction API refuses it outright.
  ...deployment('double', 'worker', [true, true, true], { app: 'worker' }),
  budget('worker-pdb', {
    namespace: 'double',
    maxUnavailable: 1,
    selector: { matchLabels: { app: 'worker' } },
  }),
  budget('worker-pdb-old', {
    namespace: 'double',
    maxUnavailable: '50%',
    selector: { matchLabels: { app: 'worker' } },
  }),
  // A budget whose selector matches nothing.
  ...deployment('ghost', 'web', [true, true], { app: 'web' }),
  budget('web-pdb', { namespace: 'ghost', maxUnavailable: 1, selector: { matchLabels: { app: 'website' } } }),
].map((o) => (o.kind === 'PodDisruptionBudget' ? { ...o, status: undefined } : o)) as KubeObject[];

describe('pdb-drain explains each reason a budget allows nothing (small simulator scenarios)', () => {
  let env: Awaited<ReturnType<typeof startSimContext>>;
  let before: string;
  let findings: Finding[];
  const find = (prefix: string) => findings.find((f) => f.title.startsWith(prefix));

  beforeAll(async () => {
    env = await startSimContext({ objects, shiftTimestamps: false });
    before = await env.snapshot();
    findings = await runPdbDrain(env.withDryRun(), { node: NODE });
  }, 60_000);
  afterAll(async () => {
    await env?.sim.close();
  });

  it('explains maxUnavailable 0 and proposes relaxing it, not scaling', () => {
    const f = find('PodDisruptionBudget zero/api-pdb blocks eviction');
    expect(f?.severity).toBe('critical');
    expect(f?.detail).toContain('maxUnavailable 0 allows no voluntary disruption at any replica count');
    expect(f?.remediation?.steps.filter((s) => s.includes('kubectl'))).toEqual([
      expect.stringContaining(
        `kubectl -n zero patch poddisruptionbudget api-pdb --type merge -p '{"spec":{"maxUnavailable":1}}'`,
      ),
    ]);
    expect(f?.remediation?.dryRun?.ok).toBe(true);
  });

  it('explains unhealthy pods using up the budget and proposes AlwaysAllow, checked by dry-run', () => {
    const f = find('PodDisruptionBudget sick/db-pdb blocks eviction');
    expect(f?.severity).toBe('warning');
    expect(f?.detail).toMatch(
      /2 pods of 3 \(.+\) are not healthy and use up the budget: 1 healthy, 2 required/,
    );
    expect(f?.detail).toContain(
      'unhealthyPodEvictionPolicy AlwaysAllow would let the unready pod the drain needs',
    );
    expect(f?.remediation?.steps[0]).toContain(
      `kubectl -n sick patch poddisruptionbudget db-pdb --type merge -p '{"spec":{"unhealthyPodEvictionPolicy":"AlwaysAllow"}}'`,
    );
    expect(f?.remediation?.dryRun?.ok).toBe(true);
  });

  it('explains a selector spanning a Deployment and a StatefulSet', () => {
    const f = find('PodDisruptionBudget shared/backend-pdb blocks eviction');
    expect(f?.detail).toContain(
      'The selector matches pods of 2 controllers (Deployment shared/front, StatefulSet shared/cache)',
    );
    expect(f?.detail).toContain(
      'It expects 2 pods and the budget requires minAvailable 2: all 2 expected pods must stay healthy',
    );
    expect(f?.remediation?.steps.join('\n')).toContain('narrow the selector of shared/backend-pdb');
  });

  it('reports a pod under two budgets as refused outright by the API', () => {
    const f = find('Pod double/worker-');
    expect(f?.severity).toBe('critical');
    expect(f?.title).toMatch(/is covered by 2 PodDisruptionBudgets: its eviction is refused outright$/);
    expect(f?.evidence[0]?.text).toMatch(/^500: .*more than one PodDisruptionBudget/);
  });

  it('puts critical blockers before warnings', () => {
    const severities = findings.map((f) => f.severity);
    expect(severities.indexOf('warning')).toBeGreaterThan(severities.lastIndexOf('critical'));
  });

  it('reports a budget that matches nothing, for its namespace', async () => {
    const ghost = await runPdbDrain(env.withDryRun(), { namespace: 'ghost' });
    expect(ghost.map((f) => [f.severity, f.title])).toEqual([
      ['ok', 'No PodDisruptionBudget in namespace ghost blocks an eviction (2 pods)'],
      ['info', 'PodDisruptionBudget ghost/web-pdb matches no pods'],
    ]);
  });

  it('changes nothing in the cluster', async () => {
    expect(await env.snapshot()).toBe(before);
  });
});
