import { groupVersions, subresourceInfo } from './discovery.js';

/**
 * Aggregated discovery (apidiscovery.k8s.io/v2), which kubectl 1.32 asks for first on `/api` and
 * `/apis`: one answer lists every resource of every group, saving kubectl a request per group version.
 */
export const aggregatedDiscoveryMediaType =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** True when the Accept header offers the v2 aggregated form. */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((part) => /;\s*as=APIGroupDiscoveryList/.test(part) && /;\s*v=v2(;|$|\s)/.test(part));
}

/** The APIGroupDiscoveryList of the core group (`/api`) or of the named groups (`/apis`). */
export function apiGroupDiscoveryList(core: boolean): unknown {
  const items = groupVersions()
    .filter((gv) => (gv.group === '') === core)
    .map((gv) => ({
      metadata: { name: gv.group },
      versions: [
        {
          version: gv.version,
          freshness: 'Current',
          resources: gv.types.map((t) => ({
            resource: t.plural,
            responseKind: { group: t.group, version: t.version, kind: t.kind },
            scope: t.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: t.singular,
            verbs: t.verbs,
            ...(t.shortNames.length > 0 ? { shortNames: t.shortNames } : {}),
            ...(t.categories.length > 0 ? { categories: t.categories } : {}),
            subresources: t.subresources.map((sub) => {
              const info = subresourceInfo(t, sub);
              return {
                subresource: sub,
                responseKind: {
                  group: info.group ?? t.group,
                  version: info.version ?? t.version,
                  kind: info.kind,
                },
                verbs: info.verbs,
              };
            }),
          })),
        },
      ],
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
