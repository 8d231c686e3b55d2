import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeError, kubeErrorCodes } from './errors.js';

const serviceAccountTokenPath = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface LoadKubeConfigOptions {
  /** Explicit kubeconfig path (`--kubeconfig`); wins over everything else. */
  kubeconfig?: string;
  /** Context to use instead of the file's current-context. */
  context?: string;
  /** Environment to read KUBECONFIG and KUBERNETES_SERVICE_HOST from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Home directory for `~/.kube/config` (default: os.homedir()). */
  homeDir?: string;
  /** Service account token file that marks an in-cluster run (default: the standard mount). */
  serviceAccountTokenPath?: string;
}

/**
 * Loads cluster credentials the way kubectl resolves them: the explicit `kubeconfig` path, else
 * the files in `KUBECONFIG` (merged, first wins), else `~/.kube/config`, else the in-cluster
 * service account. Unlike client-node's `loadFromDefault`, it never falls back to
 * `http://localhost:8080`: when nothing is found it throws TRIAGE_ERR_KUBE_CONFIG_NOT_FOUND.
 *
 * @example const kc = loadKubeConfig({ context: 'aks-prod' });
 */
export function loadKubeConfig(options: LoadKubeConfigOptions = {}): KubeConfig {
  const env = options.env ?? process.env;
  const kc = new KubeConfig();
  const files = kubeconfigFiles(options, env);
  if (files.length > 0) {
    loadFiles(kc, files);
  } else if (
    env.KUBERNETES_SERVICE_HOST &&
    existsSync(options.serviceAccountTokenPath ?? serviceAccountTokenPath)
  ) {
    kc.loadFromCluster();
  } else {
    throw new KubeError(
      kubeErrorCodes.configNotFound,
      'no Kubernetes credentials found: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run in a cluster with a service account',
    );
  }
  if (options.context !== undefined) useContext(kc, options.context);
  if (!kc.getCurrentCluster()) {
    throw new KubeError(
      kubeErrorCodes.configInvalid,
      `kubeconfig (${files.join(', ') || 'in-cluster'}) has no current context with a cluster; set current-context or pass a context`,
    );
  }
  return kc;
}

function kubeconfigFiles(options: LoadKubeConfigOptions, env: Record<string, string | undefined>): string[] {
  if (options.kubeconfig !== undefined) {
    if (!existsSync(options.kubeconfig)) {
      throw new KubeError(
        kubeErrorCodes.configNotFound,
        `kubeconfig file ${options.kubeconfig} does not exist`,
      );
    }
    return [options.kubeconfig];
  }
  if (env.KUBECONFIG) {
    // Like kubectl, missing entries in the KUBECONFIG list are skipped.
    const listed = env.KUBECONFIG.split(delimiter).filter((file) => file !== '');
    const present = listed.filter((file) => existsSync(file));
    if (present.length === 0) {
      throw new KubeError(
        kubeErrorCodes.configNotFound,
        `none of the files in KUBECONFIG exist: ${listed.join(', ')}`,
      );
    }
    return present;
  }
  const home = join(options.homeDir ?? homedir(), '.kube', 'config');
  return existsSync(home) ? [home] : [];
}

function loadFiles(kc: KubeConfig, files: string[]): void {
  for (const [index, file] of files.entries()) {
    try {
      if (index === 0) {
        kc.loadFromFile(file);
      } else {
        const next = new KubeConfig();
        next.loadFromFile(file);
        // The first file that sets current-context wins, as with kubectl.
        kc.mergeConfig(next, Boolean(kc.getCurrentContext()));
      }
    } catch (err) {
      throw new KubeError(
        kubeErrorCodes.configInvalid,
        `kubeconfig ${file} cannot be read: ${(err as Error).message}`,
        { cause: err },
      );
    }
  }
}

function useContext(kc: KubeConfig, context: string): void {
  if (!kc.getContextObject(context)) {
    const known = kc
      .getContexts()
      .map((c) => c.name)
      .join(', ');
    throw new KubeError(
      kubeErrorCodes.configInvalid,
      `context "${context}" is not in the kubeconfig (known: ${known || 'none'})`,
    );
  }
  kc.setCurrentContext(context);
}
