import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Simulator, startSimulator } from '@triage/cluster-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubePatcher } from '../src/create-kube-patcher.js';
import { KubeError, kubeErrorCodes } from '../src/errors.js';
import { loadKubeConfig } from '../src/load-kube-config.js';

// Real PATCHes against the simulator, read back with real kubectl.
describe('createKubePatcher against the cluster simulator (pdb-drain-blocked)', () => {
  let sim: Simulator;
  const patcher = () => createKubePatcher(loadKubeConfig({ kubeconfig: sim.kubeconfigPath }));
  // Async: the simulator answers from this process, so a synchronous kubectl would wait for itself.
  const kubectlSpec = async (ns: string, kind: string, name: string) => {
    const args = ['--kubeconfig', sim.kubeconfigPath, '-n', ns, 'get', kind, name, '-o', 'json'];
    const { stdout } = await promisify(execFile)('kubectl', args);
    return JSON.parse(stdout).spec as Record<string, unknown>;
  };
  const relax = {
    resource: 'poddisruptionbudgets',
    name: 'nginx-pdb',
    namespace: 'web',
    type: 'merge' as const,
    patch: { spec: { minAvailable: null, maxUnavailable: 1 } },
  };

  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'pdb-drain-blocked' });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('applies a merge patch whose dry-run passes, and kubectl reads the changed budget back', async () => {
    expect(await kubectlSpec('web', 'pdb', 'nginx-pdb')).toMatchObject({ minAvailable: 1 });
    const result = await patcher().apply(relax);
    expect(result).toMatchObject({ applied: true, stage: 'apply', status: 200 });
    const spec = await kubectlSpec('web', 'pdb', 'nginx-pdb');
    expect(spec.maxUnavailable).toBe(1);
    expect(spec).not.toHaveProperty('minAvailable');
  });

  it('refuses at the dry-run a patch the API would reject, and writes nothing', async () => {
    const before = await kubectlSpec('web', 'pdb', 'nginx-pdb');
    // The budget now has maxUnavailable: setting minAvailable too is invalid (422).
    const result = await patcher().apply({ ...relax, patch: { spec: { minAvailable: 0 } } });
    expect(result).toMatchObject({ applied: false, stage: 'dry-run', status: 422 });
    expect(result.causes?.join(' ')).toContain('minAvailable and maxUnavailable cannot be both set');
    expect(await kubectlSpec('web', 'pdb', 'nginx-pdb')).toEqual(before);
  });

  it('scales a deployment with a merge patch', async () => {
    const result = await patcher().apply({
      resource: 'deployments',
      name: 'nginx',
      namespace: 'web',
      type: 'merge',
      patch: { spec: { replicas: 2 } },
    });
    expect(result.applied).toBe(true);
    expect((await kubectlSpec('web', 'deployment', 'nginx')).replicas).toBe(2);
  });

  it('throws NOT_FOUND for an object that is gone, and BAD_REQUEST for an invalid name or patch type', async () => {
    await expect(patcher().apply({ ...relax, name: 'gone-pdb' })).rejects.toMatchObject({
      code: kubeErrorCodes.notFound,
    });
    await expect(patcher().apply({ ...relax, name: 'a/b' })).rejects.toBeInstanceOf(KubeError);
    await expect(patcher().apply({ ...relax, type: 'yaml' as unknown as 'merge' })).rejects.toMatchObject({
      code: kubeErrorCodes.badRequest,
    });
  });
});
