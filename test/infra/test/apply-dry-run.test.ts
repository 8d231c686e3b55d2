import { type Simulator, startSimulator } from '@triage/cluster-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../src/kubectl.js';
import { describeManifest, renderKustomization } from '../src/render-kustomization.js';

const k8s = new URL('../../../infra/k8s/', import.meta.url).pathname;
let sim: Simulator;
const kube = (...args: string[]) => ['--kubeconfig', sim.kubeconfigPath, ...args];

beforeAll(async () => {
  sim = await startSimulator({});
  // As on a real cluster, a dry run cannot create namespaced objects in a namespace it only pretends to create.
  const created = await kubectl(kube('create', 'namespace', 'triage-system'));
  expect(created.stderr).toBe('');
}, 60_000);
afterAll(() => sim?.close());

/** `kind.group/name` as kubectl prints it for each applied object. */
function kubectlNames(objects: { apiVersion: string; kind: string; metadata: { name: string } }[]): string[] {
  return objects.map((o) => {
    const group = o.apiVersion.includes('/') ? `.${o.apiVersion.split('/')[0]}` : '';
    return `${o.kind.toLowerCase()}${group}/${o.metadata.name}`;
  });
}

describe('kubectl apply --dry-run=server against the cluster simulator', () => {
  it.each(['base', 'overlays/aks', 'overlays/production', 'overlays/dev'])(
    'accepts every object the %s manifests render, and persists none',
    async (overlay) => {
      const { yaml, objects } = await renderKustomization(k8s + overlay);
      const result = await kubectl(kube('apply', '--dry-run=server', '-f', '-'), yaml);
      expect(result.stderr.replace(/^Warning: .*\n/gm, '')).toBe('');
      expect(result.code).toBe(0);
      for (const name of kubectlNames(objects)) expect(result.stdout).toMatch(`${name} `);
      expect(result.stdout).toMatch('(server dry run)');
      const left = await kubectl(kube('get', 'deployments,configmaps', '-n', 'triage-system', '-o', 'name'));
      expect(left.stdout).toBe('');
    },
  );

  it('applies the base for real, then dry-runs production over it as a patch of the live objects', async () => {
    const base = await renderKustomization(`${k8s}base`);
    const applied = await kubectl(kube('apply', '-f', '-'), base.yaml);
    expect(applied.code, applied.stderr).toBe(0);
    const production = await renderKustomization(`${k8s}overlays/production`);
    const result = await kubectl(kube('apply', '--dry-run=server', '-f', '-'), production.yaml);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('deployment.apps/triage-gateway configured (server dry run)');
    expect(result.stdout).toContain('scaledobject.keda.sh/triage-worker created (server dry run)');
    const live = await kubectl(
      kube('get', 'deployment', 'triage-gateway', '-n', 'triage-system', '-o', 'jsonpath={.spec.replicas}'),
    );
    expect(live.stdout).toBe('1');
    expect(production.objects.map(describeManifest)).toContain('ScaledObject triage-system/triage-worker');
  });
});
