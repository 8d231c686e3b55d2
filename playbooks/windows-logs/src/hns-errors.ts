import type { Evidence, Finding } from '@triage/core';
import { klogTime, type LogSection, redactLine } from './log-sections.js';

/** A failing HNS call in kube-proxy / kubelet / CNI logs (`hnsCall failed in Win32: … (0x1392)`). */
const HNS_FAILURE =
  /hnsCall failed in Win32: ([^"]*?) \((0x[0-9a-f]+)\)|hcn\w+ failed|HNS failed with error/i;

/** HRESULTs seen with stale HNS state, and what they mean. */
const HNS_CODES: Record<string, string> = {
  '0x1392': 'an HNS endpoint with that IP already exists (stale endpoint left behind)',
  '0x803b0013': 'a load-balancer policy for that port already exists (stale policy)',
  '0x803b0005': 'the HNS network was not found',
  '0x80070057': 'a parameter HNS rejected',
};

interface HnsError {
  code: string;
  message: string;
  count: number;
  first?: string;
  last?: string;
  sample: { source: string; line: string };
}

function field(line: string, name: string): string | undefined {
  return new RegExp(`${name}="([^"]+)"`).exec(line)?.[1];
}

function collectErrors(sections: readonly LogSection[]): {
  errors: HnsError[];
  endpointIPs: Set<string>;
  services: Set<string>;
} {
  const byKey = new Map<string, HnsError>();
  const endpointIPs = new Set<string>();
  const services = new Set<string>();
  for (const section of sections)
    for (const line of section.lines) {
      const m = HNS_FAILURE.exec(line);
      if (!m) continue;
      const code = m[2]?.toLowerCase() ?? 'unknown';
      const message = m[1] ?? redactLine(line).slice(0, 120);
      const at = klogTime(line);
      const key = `${code} ${message}`;
      const seen = byKey.get(key);
      if (seen) {
        seen.count += 1;
        if (at) seen.last = at;
      } else
        byKey.set(key, {
          code,
          message,
          count: 1,
          first: at,
          last: at,
          sample: { source: section.source, line },
        });
      const ip = field(line, 'endpointIP');
      if (ip) endpointIPs.add(ip);
      const service = field(line, 'service');
      if (service) services.add(service);
    }
  // First seen first: the first failure is usually the cause (a stale endpoint), the rest follow from it.
  return { errors: [...byKey.values()], endpointIPs, services };
}

/** HNS endpoints as `Get-HnsEndpoint | ConvertTo-Json` prints them (the fields read here). */
interface HnsEndpoint {
  Name?: string;
  IPAddress?: string;
  SharedContainers?: unknown[];
}

function endpointsFrom(sections: readonly LogSection[]): HnsEndpoint[] {
  const section = sections.find((s) => /Get-HnsEndpoint/i.test(s.source));
  if (!section) return [];
  try {
    const parsed: unknown = JSON.parse(section.lines.join('\n'));
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.filter((e): e is HnsEndpoint => typeof e === 'object' && e !== null);
  } catch {
    return [];
  }
}

/**
 * HNS endpoint / policy creation failures in the collected logs of a Windows node (kube-proxy's
 * `hnsCall failed in Win32: The object already exists. (0x1392)` and the like), with the stale
 * endpoints `Get-HnsEndpoint` lists for the failing IPs when that output was collected.
 */
export function hnsFindings(node: string, sections: readonly LogSection[]): Finding[] {
  const { errors, endpointIPs, services } = collectErrors(sections);
  const top = errors[0];
  if (!top) return [];
  const total = errors.reduce((n, e) => n + e.count, 0);
  const stale = endpointsFrom(sections).filter(
    (e) => e.IPAddress && endpointIPs.has(e.IPAddress) && (e.SharedContainers ?? []).length === 0,
  );
  const evidence: Evidence[] = [
    ...errors.slice(0, 4).map((e) => ({
      source: `log ${e.sample.source}`,
      text: `×${e.count}${e.first ? ` (${e.first} … ${e.last})` : ''}: ${redactLine(e.sample.line)}`,
    })),
    ...stale.map((e) => ({
      source: `Get-HnsEndpoint on ${node}`,
      text: `endpoint ${e.Name ?? '?'} ${e.IPAddress} is attached to no container (stale)`,
    })),
  ];
  const target = [...endpointIPs][0];
  return [
    {
      severity: 'critical',
      title: `kube-proxy on ${node} cannot program HNS: ${top.message} (${top.code})${target ? ` for endpoint ${target}` : ''}, ${total} failures${top.first ? ` since ${top.first}` : ''}`,
      detail: `${errors.map((e) => `${e.code}: ${HNS_CODES[e.code] ?? e.message}`).join('; ')}. HNS on this node holds state that no longer matches the cluster, so Service rules${
        services.size > 0 ? ` for ${[...services].join(', ')}` : ''
      } are not programmed: traffic to those Services from this node fails or goes to a dead endpoint.`,
      subject: `node/${node}`,
      evidence,
      remediation: {
        summary: 'Clear the stale HNS state on the node',
        steps: [
          `Cordon and drain ${node} (kubectl drain ${node} --ignore-daemonsets --delete-emptydir-data), then restart it (AKS: az vmss restart on the instance, or reimage it); a restart rebuilds HNS state.`,
          'Before that, keep the evidence: Get-HnsEndpoint / Get-HnsPolicyList output and C:\\k\\kubeproxy.err.log (collectlogs.ps1 in C:\\k\\debug gathers them).',
          ...(stale.length > 0
            ? [
                `Removing only the stale endpoint (Get-HnsEndpoint | ? IPAddress -eq '${stale[0]?.IPAddress}' | Remove-HnsEndpoint) is a quicker, riskier fix.`,
              ]
            : []),
          'If it recurs, check the node image version for known HNS fixes and report it with the collected logs.',
        ],
      },
    },
  ];
}
