import type { KubeObject } from '@triage/core';

/** A CoreDNS server block that forwards somewhere: the zones it serves and the upstreams. */
export interface Forwarder {
  zones: string[];
  upstreams: string[];
  /** Where it is written, e.g. `ConfigMap/kube-system/coredns-custom key contoso.server`. */
  source: string;
}

/**
 * The `forward` directives of a Corefile, per server block (`zone1 zone2:53 { ... forward . a b }`).
 * Tolerant: nested blocks (`health { ... }`) are skipped, comments dropped.
 */
export function parseForwarders(corefile: string, source: string): Forwarder[] {
  const forwarders: Forwarder[] = [];
  let depth = 0;
  let zones: string[] = [];
  for (const raw of corefile.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    if (depth === 0 && line.endsWith('{')) {
      zones = line
        .slice(0, -1)
        .trim()
        .split(/\s+/)
        .map((z) => z.replace(/^dns:\/\//, '').replace(/:\d+$/, ''))
        .map((z) => (z === '.' ? '.' : z.replace(/\.$/, '')));
      depth = 1;
      continue;
    }
    if (depth === 1 && line.startsWith('forward ')) {
      const [, , ...upstreams] = line.replace(/\{$/, '').trim().split(/\s+/);
      forwarders.push({ zones, upstreams: upstreams.filter((u) => !u.includes('{')), source });
    }
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (depth < 0) depth = 0;
  }
  return forwarders;
}

/** Forwarders from the `coredns` ConfigMap (key Corefile) and `coredns-custom` (`*.server`, `*.override`). */
export function forwardersOf(configMaps: readonly KubeObject[]): Forwarder[] {
  return configMaps.flatMap((cm) => {
    const data = (cm as { data?: Record<string, unknown> }).data ?? {};
    return Object.entries(data).flatMap(([key, value]) =>
      typeof value === 'string' &&
      (key === 'Corefile' || key.endsWith('.server') || key.endsWith('.override'))
        ? parseForwarders(value, `ConfigMap/${cm.metadata.namespace}/${cm.metadata.name} key ${key}`)
        : [],
    );
  });
}

/** The forwarder whose zone is the longest suffix of `name` (trailing dot ignored). */
export function forwarderFor(
  name: string,
  forwarders: readonly Forwarder[],
): { zone: string; forwarder: Forwarder } | undefined {
  const fqdn = name.replace(/\.$/, '');
  let best: { zone: string; forwarder: Forwarder } | undefined;
  for (const forwarder of forwarders)
    for (const zone of forwarder.zones) {
      const matches = zone === '.' || fqdn === zone || fqdn.endsWith(`.${zone}`);
      if (matches && (!best || best.zone === '.' || zone.length > best.zone.length))
        best = { zone, forwarder };
    }
  return best;
}
