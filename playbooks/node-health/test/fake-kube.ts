import type { KubeObject, KubeReader, ListOptions } from '@triage/core';
import { KubeError, kubeErrorCodes } from '@triage/kube';

/** One recorded request: `get nodes/<name>` or `list pods ?fieldSelector=…`. */
export type Call = string;

/**
 * A KubeReader over fixed objects per resource name. Understands the selectors node-health
 * sends (spec.nodeName=, involvedObject.name=) by looking the field up; resources absent from
 * `objects` answer NOT_FOUND like an API that does not serve them (metrics.k8s.io missing).
 */
export function createFakeKube(objects: Record<string, KubeObject[]>) {
  const calls: Call[] = [];
  const served = (resource: string) => {
    const found = objects[resource];
    if (!found)
      throw new KubeError(
        kubeErrorCodes.notFound,
        `the server could not find the requested resource (${resource})`,
        { status: 404 },
      );
    return found;
  };
  const kube: KubeReader = {
    async get(resource, name) {
      calls.push(`get ${resource}/${name}`);
      return served(resource).find((o) => o.metadata.name === name);
    },
    async list(resource, options: ListOptions = {}) {
      calls.push(
        `list ${resource}${options.fieldSelector ? ` ?fieldSelector=${options.fieldSelector}` : ''}${options.namespace ? ` -n ${options.namespace}` : ''} max=${options.max ?? 'all'}`,
      );
      const terms = (options.fieldSelector ?? '')
        .split(',')
        .filter(Boolean)
        .map((t) => t.split('=') as [string, string]);
      return served(resource)
        .filter((o) => !options.namespace || o.metadata.namespace === options.namespace)
        .filter((o) =>
          terms.every(([path, want]) => {
            const have = path
              .split('.')
              .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
            return have === undefined || String(have) === want;
          }),
        )
        .slice(0, options.max);
    },
  };
  return { kube, calls };
}
