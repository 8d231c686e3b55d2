import { readFileSync } from 'node:fs';
import type { KubeObject, KubeReader, ListOptions } from '@triage/core';

const resourceOfKind: Record<string, string> = {
  Pod: 'pods',
  Node: 'nodes',
  Event: 'events',
  Service: 'services',
  Endpoints: 'endpoints',
  Namespace: 'namespaces',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

/** Reads a `kubectl get … -o json` file: a List of objects or one object. */
export function loadFixture(name: string): KubeObject[] {
  const json = JSON.parse(readFileSync(new URL(`./fixtures/kubectl/${name}.json`, import.meta.url), 'utf8'));
  return json.kind === 'List' ? json.items : [json];
}

function valueAt(object: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], object);
}

// Supports what the playbook sends: `a.b=v` field terms and `k=v` / `k in (a,b)` label terms.
function matchesFields(object: KubeObject, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [path = '', value = ''] = term.split('=');
    return String(valueAt(object, path) ?? '') === value;
  });
}

function matchesLabels(object: KubeObject, selector: string | undefined): boolean {
  if (!selector) return true;
  const labels = object.metadata.labels ?? {};
  return selector.split(/,(?![^(]*\))/).every((term) => {
    const setMatch = term.match(/^(\S+) in \((.*)\)$/);
    if (setMatch) return setMatch[2]?.split(',').includes(labels[setMatch[1] ?? ''] ?? '\0') ?? false;
    const [key = '', value] = term.split('=');
    return value === undefined ? key in labels : labels[key] === value;
  });
}

/**
 * A KubeReader over fixed objects, for unit tests of the playbook. Records each call so tests
 * can check that requests are scoped (field selectors, namespaces).
 */
export function createFakeKube(objects: readonly KubeObject[]) {
  const calls: string[] = [];
  const of = (resource: string) => objects.filter((o) => resourceOfKind[o.kind ?? ''] === resource);
  const kube: KubeReader = {
    async get(resource, name, namespace) {
      calls.push(`get ${resource} ${namespace ?? ''}/${name}`);
      return of(resource).find(
        (o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
      );
    },
    async list(resource, options: ListOptions = {}) {
      calls.push(
        `list ${resource} ${options.namespace ?? '*'} ${options.fieldSelector ?? ''} ${options.labelSelector ?? ''}`.trim(),
      );
      return of(resource)
        .filter((o) => options.namespace === undefined || o.metadata.namespace === options.namespace)
        .filter((o) => matchesFields(o, options.fieldSelector) && matchesLabels(o, options.labelSelector))
        .slice(0, options.max ?? Number.POSITIVE_INFINITY);
    },
  };
  return { kube, calls };
}
