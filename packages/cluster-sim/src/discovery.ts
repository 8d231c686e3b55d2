import { apiVersionOf, type ResourceType, resourceTypes } from './resource-types.js';

/** The Kubernetes version the simulator announces (matches the kubectl installed here). */
export const serverVersion = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4-triage-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Served group versions in discovery order, with their resources. */
export function groupVersions(): { group: string; version: string; types: ResourceType[] }[] {
  const out: { group: string; version: string; types: ResourceType[] }[] = [];
  for (const t of resourceTypes) {
    let gv = out.find((g) => g.group === t.group && g.version === t.version);
    if (!gv) {
      gv = { group: t.group, version: t.version, types: [] };
      out.push(gv);
    }
    gv.types.push(t);
  }
  return out;
}

/** `GET /api`: the core group's versions. */
export function apiVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `GET /apis`: every named group with its (single) preferred version. */
export function apiGroupList(): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupVersions()
      .filter((g) => g.group !== '')
      .map((g) => apiGroup(g.group)),
  };
}

/** `GET /apis/<group>`; undefined when the group is not served. */
export function apiGroup(group: string): unknown {
  const gv = groupVersions().find((g) => g.group === group);
  if (!gv || group === '') return undefined;
  const version = { groupVersion: `${group}/${gv.version}`, version: gv.version };
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [version], preferredVersion: version };
}

/** The kind a subresource answers with, and the verbs it allows. */
export function subresourceInfo(
  t: ResourceType,
  sub: string,
): { kind: string; group?: string; version?: string; verbs: string[] } {
  if (sub === 'eviction') return { kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] };
  if (sub === 'scale')
    return { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };
  if (sub === 'status') return { kind: t.kind, verbs: ['get', 'patch', 'update'] };
  return { kind: 'Pod', verbs: sub === 'log' ? ['get'] : ['create', 'get'] };
}

function resourceEntries(t: ResourceType): unknown[] {
  const main = {
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: t.verbs,
    ...(t.shortNames.length > 0 ? { shortNames: t.shortNames } : {}),
    ...(t.categories.length > 0 ? { categories: t.categories } : {}),
    storageVersionHash: Buffer.from(t.key).toString('base64').slice(0, 11),
  };
  const subs = t.subresources.map((sub) => ({
    name: `${t.plural}/${sub}`,
    singularName: '',
    namespaced: t.namespaced,
    ...subresourceInfo(t, sub),
  }));
  return [main, ...subs];
}

/** `GET /api/v1` or `GET /apis/<group>/<version>`: an APIResourceList; undefined when not served. */
export function apiResourceList(group: string, version: string): unknown {
  const gv = groupVersions().find((g) => g.group === group && g.version === version);
  if (!gv) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(gv),
    resources: gv.types.flatMap(resourceEntries),
  };
}
