import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { resourcePaths } from '@triage/kube';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeManifest, type Manifest, renderKustomization } from '../src/render-kustomization.js';
import { policyViolations } from '../src/policy-violations.js';
import { schemaErrors } from '../src/schema-errors.js';

const k8s = new URL('../../../infra/k8s/', import.meta.url).pathname;
const overlays = ['base', 'overlays/aks', 'overlays/production', 'overlays/dev'] as const;
const rendered = new Map<string, Manifest[]>();

beforeAll(async () => {
  for (const overlay of overlays) rendered.set(overlay, (await renderKustomization(k8s + overlay)).objects);
}, 120_000);

const find = (overlay: string, kind: string, name: string) =>
  rendered.get(overlay)?.find((m) => m.kind === kind && m.metadata.name === name);
function get(overlay: string, kind: string, name: string): Manifest {
  const found = find(overlay, kind, name);
  if (!found) throw new Error(`${overlay} renders no ${kind} ${name}`);
  return found;
}
type Probe = { httpGet: { path: string } };
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };

describe.each(overlays)('the %s manifests', (overlay) => {
  it('are valid against the Kubernetes (and KEDA) schemas', async () => {
    const objects = rendered.get(overlay) ?? [];
    expect(objects.length).toBeGreaterThan(15);
    const errors: string[] = [];
    for (const m of objects)
      for (const e of await schemaErrors(m)) errors.push(`${describeManifest(m)}: ${e}`);
    expect(errors).toEqual([]);
  });

  it('pass the least-privilege and hardening policy', () => {
    expect(policyViolations(rendered.get(overlay) ?? [])).toEqual([]);
  });

  it('probe the gateway on /readyz (queue reachable) and /healthz (process alive)', () => {
    const gateway = get(overlay, 'Deployment', 'triage-gateway').spec as {
      template: { spec: { containers: { readinessProbe?: Probe; livenessProbe?: Probe }[] } };
    };
    const [container] = gateway.template.spec.containers;
    expect(container?.readinessProbe?.httpGet.path).toBe('/readyz');
    expect(container?.livenessProbe?.httpGet.path).toBe('/healthz');
  });
});

describe('RBAC', () => {
  it('reads exactly the resources packages/kube can read, except ConfigMaps (kube-system only) and ServiceAccounts (unused)', () => {
    const rules = (get('base', 'ClusterRole', 'triage-read').rules ?? []) as Rule[];
    const granted = rules.flatMap((r) =>
      r.resources.map((res) => (r.apiGroups[0] ? `${res}.${r.apiGroups[0]}` : res)),
    );
    const readable = Object.values(resourcePaths)
      .filter((p) => !['configmaps', 'serviceaccounts'].includes(p.plural) || p.apiVersion !== 'v1')
      .map((p) => (p.apiVersion.includes('/') ? `${p.plural}.${p.apiVersion.split('/')[0]}` : p.plural));
    expect(granted.sort()).toEqual(readable.sort());
    expect(rules.every((r) => r.verbs.join() === 'get,list')).toBe(true);
  });

  it('binds every cluster permission to the worker account only; the gateway has none and no token', () => {
    const bindings = (rendered.get('base') ?? []).filter((m) => m.kind.endsWith('Binding'));
    expect(bindings.length).toBeGreaterThan(0);
    for (const b of bindings)
      expect(b.subjects).toEqual([
        { kind: 'ServiceAccount', name: 'triage-worker', namespace: 'triage-system' },
      ]);
    expect(get('base', 'ServiceAccount', 'triage-gateway').automountServiceAccountToken).toBe(false);
  });
});

describe('overlays', () => {
  it('production runs two gateways, no in-cluster Redis, and KEDA scales the workers on queue depth', () => {
    expect(
      (get('overlays/production', 'Deployment', 'triage-gateway').spec as { replicas: number }).replicas,
    ).toBeGreaterThanOrEqual(2);
    expect(find('overlays/production', 'StatefulSet', 'triage-redis')).toBeUndefined();
    const scaled = get('overlays/production', 'ScaledObject', 'triage-worker').spec as {
      scaleTargetRef: { name: string };
      triggers: { type: string; metadata: { listName: string } }[];
    };
    expect(scaled.scaleTargetRef.name).toBe('triage-worker');
    expect(scaled.triggers.map((t) => t.metadata.listName)).toEqual([
      'triage:triage-runs:wait',
      'triage:triage-intake:wait',
    ]);
  });

  it('aks gives the worker a workload identity and a Log Analytics workspace', () => {
    const account = find('overlays/aks', 'ServiceAccount', 'triage-worker');
    expect(account?.metadata.annotations?.['azure.workload.identity/client-id']).toBeDefined();
    const worker = get('overlays/aks', 'Deployment', 'triage-worker').spec as {
      template: { metadata: { labels: Record<string, string> } };
    };
    expect(worker.template.metadata.labels['azure.workload.identity/use']).toBe('true');
    const config = (rendered.get('overlays/aks') ?? []).find((m) => m.kind === 'ConfigMap');
    expect((config?.data as Record<string, string> | undefined)?.['triage.yaml']).toContain('workspaceId:');
  });

  it('only triage-system enforces privileged Pod Security, and warns at restricted', () => {
    const ns = find('base', 'Namespace', 'triage-system');
    expect(ns?.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });
});

describe('the optional dry-run-patches component', () => {
  it('adds only patch on the kinds pdb-drain and network-trace propose fixes for, and passes the policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-component-'));
    try {
      const from = relative(dir, k8s);
      writeFileSync(
        join(dir, 'kustomization.yaml'),
        `resources: [${from}/base]\ncomponents: [${from}/components/dry-run-patches]\n`,
      );
      const { objects } = await renderKustomization(dir);
      expect(policyViolations(objects)).toEqual([]);
      const role = objects.find(
        (m) => m.kind === 'ClusterRole' && m.metadata.name === 'triage-dry-run-patches',
      );
      const rules = (role?.rules ?? []) as Rule[];
      expect(rules.flatMap((r) => r.verbs)).toEqual(['patch', 'patch', 'patch']);
      expect(rules.flatMap((r) => r.resources).sort()).toEqual([
        'deployments',
        'poddisruptionbudgets',
        'replicasets',
        'services',
        'statefulsets',
      ]);
      for (const m of objects) expect(await schemaErrors(m)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
