import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kubeErrorCodes } from '../src/errors.js';
import { loadKubeConfig } from '../src/load-kube-config.js';

function kubeconfigYaml(name: string, server: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster:
    server: ${server}
users:
- name: ${name}-user
  user:
    token: secret-${name}
contexts:
- name: ${name}
  context:
    cluster: ${name}
    user: ${name}-user
current-context: ${name}
`;
}

describe('loadKubeConfig', () => {
  let dir: string;
  const noServiceAccount = '/nonexistent/token';

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kube-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(file: string, text: string): string {
    const path = join(dir, file);
    writeFileSync(path, text);
    return path;
  }

  it('loads an explicit kubeconfig path before KUBECONFIG', () => {
    const explicit = write('explicit.yaml', kubeconfigYaml('explicit', 'https://explicit:6443'));
    const fromEnv = write('env.yaml', kubeconfigYaml('env', 'https://env:6443'));
    const kc = loadKubeConfig({ kubeconfig: explicit, env: { KUBECONFIG: fromEnv } });
    expect(kc.getCurrentCluster()?.server).toBe('https://explicit:6443');
  });

  it('merges the files in KUBECONFIG, skipping missing ones, and keeps the first current-context', () => {
    const a = write('a.yaml', kubeconfigYaml('a', 'https://a:6443'));
    const b = write('b.yaml', kubeconfigYaml('b', 'https://b:6443'));
    const kc = loadKubeConfig({ env: { KUBECONFIG: [join(dir, 'missing'), a, b].join(delimiter) } });
    expect(kc.getCurrentContext()).toBe('a');
    expect(kc.getContexts().map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('switches to the requested context', () => {
    const a = write('a.yaml', kubeconfigYaml('a', 'https://a:6443'));
    const b = write('b.yaml', kubeconfigYaml('b', 'https://b:6443'));
    const kc = loadKubeConfig({ context: 'b', env: { KUBECONFIG: [a, b].join(delimiter) } });
    expect(kc.getCurrentCluster()?.server).toBe('https://b:6443');
  });

  it('falls back to ~/.kube/config', () => {
    mkdirSync(join(dir, '.kube'));
    write('.kube/config', kubeconfigYaml('home', 'https://home:6443'));
    const kc = loadKubeConfig({ env: {}, homeDir: dir, serviceAccountTokenPath: noServiceAccount });
    expect(kc.getCurrentCluster()?.server).toBe('https://home:6443');
  });

  it('uses the service account when running in a cluster without a kubeconfig', () => {
    const token = write('token', 'sa-token');
    const kc = loadKubeConfig({
      env: { KUBERNETES_SERVICE_HOST: '10.0.0.1' },
      homeDir: dir,
      serviceAccountTokenPath: token,
    });
    expect(kc.getCurrentCluster()?.name).toBe('inCluster');
  });

  it('throws CONFIG_NOT_FOUND instead of guessing localhost when nothing is configured', () => {
    expect(() =>
      loadKubeConfig({ env: {}, homeDir: dir, serviceAccountTokenPath: noServiceAccount }),
    ).toThrow(
      expect.objectContaining({
        code: kubeErrorCodes.configNotFound,
        message: expect.stringContaining('KUBECONFIG'),
      }),
    );
  });

  it('throws CONFIG_NOT_FOUND for an explicit path that does not exist', () => {
    expect(() => loadKubeConfig({ kubeconfig: join(dir, 'nope') })).toThrow(
      expect.objectContaining({ code: kubeErrorCodes.configNotFound }),
    );
  });

  it('throws CONFIG_INVALID naming the known contexts for an unknown context', () => {
    const a = write('a.yaml', kubeconfigYaml('a', 'https://a:6443'));
    expect(() => loadKubeConfig({ kubeconfig: a, context: 'prod' })).toThrow(
      expect.objectContaining({
        code: kubeErrorCodes.configInvalid,
        message: expect.stringContaining('known: a'),
      }),
    );
  });

  it('throws CONFIG_INVALID for a file that is not YAML', () => {
    const bad = write('bad.yaml', 'clusters: [: : :');
    expect(() => loadKubeConfig({ kubeconfig: bad })).toThrow(
      expect.objectContaining({ code: kubeErrorCodes.configInvalid }),
    );
  });
});
