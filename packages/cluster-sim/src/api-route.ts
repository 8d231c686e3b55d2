import { KubeApiError, resourceNotFound } from './errors.js';
import { findResourceType, type ResourceType } from './resource-types.js';

/** A request path resolved to a served resource. */
export interface ResourceRoute {
  type: ResourceType;
  /** Namespace from the path; undefined for cluster-scoped resources and all-namespace lists. */
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Other paths the server answers. */
export type Route =
  | { kind: 'resource'; route: ResourceRoute }
  | { kind: 'discovery'; path: 'version' | 'api' | 'apis' }
  | { kind: 'group'; group: string }
  | { kind: 'resourceList'; group: string; version: string }
  | { kind: 'health' }
  | { kind: 'openapi'; groupVersionPath?: string };

/** A decoded path segment; malformed percent-encoding answers 400 instead of failing the request. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new KubeApiError('BadRequest', `malformed path segment "${segment}"`);
  }
}

/**
 * Resolves `/api/v1/...` and `/apis/<group>/<version>/...` paths.
 * @throws KubeApiError NotFound for anything the simulator does not serve.
 */
export function parseRoute(pathname: string): Route {
  const segments = pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeSegment);
  const [first, ...rest] = segments;
  if (first === 'version' && rest.length === 0) return { kind: 'discovery', path: 'version' };
  if ((first === 'healthz' || first === 'readyz' || first === 'livez') && rest.length <= 1)
    return { kind: 'health' };
  if (first === 'openapi' && rest[0] === 'v3') {
    return { kind: 'openapi', groupVersionPath: rest.length > 1 ? rest.slice(1).join('/') : undefined };
  }
  let group: string;
  let version: string | undefined;
  let tail: string[];
  if (first === 'api') {
    if (rest.length === 0) return { kind: 'discovery', path: 'api' };
    group = '';
    [version, ...tail] = rest;
  } else if (first === 'apis') {
    if (rest.length === 0) return { kind: 'discovery', path: 'apis' };
    if (rest.length === 1) return { kind: 'group', group: rest[0] as string };
    [group = '', version, ...tail] = rest;
  } else {
    throw resourceNotFound();
  }
  if (version === undefined) throw resourceNotFound();
  if (tail.length === 0) return { kind: 'resourceList', group, version };
  return { kind: 'resource', route: resolveResource(group, version, tail) };
}

function resolveResource(group: string, version: string, tail: string[]): ResourceRoute {
  const lookup = (plural: string) => {
    const type = findResourceType(group, version, plural);
    if (!type) throw resourceNotFound();
    return type;
  };
  // `namespaces/<ns>/<plural>/...` addresses namespaced objects, except the namespace's own subresources.
  const [head, second, third, fourth, fifth, ...extra] = tail;
  const namespaceScoped =
    head === 'namespaces' &&
    third !== undefined &&
    !(group === '' && tail.length === 3 && (third === 'status' || third === 'finalize'));
  if (namespaceScoped) {
    if (extra.length > 0) throw resourceNotFound();
    const type = lookup(third as string);
    if (!type.namespaced) throw resourceNotFound();
    return { type, namespace: second, name: fourth, subresource: fifth };
  }
  if (fourth !== undefined) throw resourceNotFound();
  return { type: lookup(head as string), name: second, subresource: third };
}
