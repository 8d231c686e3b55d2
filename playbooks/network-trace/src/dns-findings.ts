import type { Evidence, Finding } from '@triage/core';
import { type Forwarder, forwarderFor } from './corefile.js';
import { type DnsExchange, formatNs, isFailing, searchExpansions } from './dns-aggregate.js';
import { plural } from './plural.js';

/** The traced client(s), their resolver settings and what the traces saw. */
export interface DnsTraceResult {
  /** Subject of the findings: `pod/<ns>/<name>`, or `service/<ns>/<name>` when tracing its clients. */
  subject: string;
  /** What was traced, in details: `shop/web-…`, or `any pod on <nodes> asking for Service …`. */
  traced: string;
  /** `namespace/name` of the traced pod, whose dnsPolicy applies; absent for a Service's clients. */
  pod?: string;
  client: string;
  nodes: string[];
  durationSeconds: number;
  dnsPolicy: string;
  ndots: number;
  /** Client-side exchanges (the pod's queries to its nameserver). */
  clientExchanges: DnsExchange[];
  /** CoreDNS's queries to servers outside the cluster; undefined when CoreDNS was not traced. */
  upstream: DnsExchange[] | undefined;
  /** Nodes where CoreDNS was traced. */
  corednsNodes: string[];
  forwarders: Forwarder[];
}

const bare = (name: string) => name.replace(/\.$/, '');
const rcodeText = (x: DnsExchange) =>
  [
    ...Object.entries(x.rcodes).map(([rcode, n]) => `${n} ${rcode}`),
    ...(x.unanswered ? [`${x.unanswered} unanswered`] : []),
  ].join(', ') || 'no responses';

/** Findings for a trace_dns run: one per failing lookup, explained by CoreDNS's upstream traffic when traced; else one `ok`. */
export function dnsFindings(r: DnsTraceResult): Finding[] {
  const clientSource = `trace_dns on ${r.nodes.join(', ')} (${r.durationSeconds} s)`;
  const subject = r.subject;
  const lookups = searchExpansions(r.clientExchanges.map((x) => x.name));
  const failing = [...lookups.keys()].filter((base) => {
    const absolute = r.clientExchanges.filter((x) => x.name === base);
    return absolute.some((x) => isFailing(x) || ((x.rcodes.NameError ?? 0) > 0 && !(x.rcodes.Success ?? 0)));
  });
  if (r.clientExchanges.length === 0)
    return [
      {
        severity: 'info',
        title: `No DNS queries from ${r.client} in ${r.durationSeconds} s`,
        detail: `trace_dns saw no queries from ${r.traced}; trace again while the problem happens (durationSeconds up to 120).`,
        subject,
        evidence: [{ source: clientSource, text: '0 queries' }],
      },
    ];
  if (failing.length === 0) {
    const queries = r.clientExchanges.reduce((n, x) => n + x.queries, 0);
    const p99 = Math.max(0, ...r.clientExchanges.map((x) => x.latencyNs?.p99 ?? 0));
    return [
      {
        severity: 'ok',
        title: `DNS lookups from ${r.client} resolve (${plural(lookups.size, 'name')} in ${r.durationSeconds} s)`,
        detail: `${plural(queries, 'query', 'queries')}, all answered; slowest p99 ${formatNs(p99)}.`,
        subject,
        evidence: [{ source: clientSource, text: [...lookups.keys()].map(bare).join(', ') }],
      },
    ];
  }
  return failing.map((base) => failingLookup(r, base, lookups.get(base) ?? [], clientSource));
}

function failingLookup(r: DnsTraceResult, base: string, expansions: string[], clientSource: string): Finding {
  const absolute = r.clientExchanges.filter((x) => x.name === base);
  const expanded = r.clientExchanges.filter((x) => expansions.includes(x.name));
  const perLookup = expanded.reduce((n, x) => n + x.queries, 0);
  const evidence: Evidence[] = [
    {
      source: clientSource,
      text: `${absolute.map((x) => `${base}: ${x.queries} queries (${[...x.qtypes].join(', ')}) to ${x.server}: ${rcodeText(x)}`).join('; ')}${expanded.length ? `; before that ${perLookup} queries for ${expanded.length} search-path expansions (${summariseRcodes(expanded)})` : ''}`,
    },
  ];
  const dots = bare(base).split('.').length - 1;
  const amplification =
    expanded.length && dots < r.ndots
      ? ` With dnsPolicy ${r.dnsPolicy} and ndots:${r.ndots}, a name with ${dots} dots walks ${expanded.length} search domains first: ${perLookup} extra queries in the trace.`
      : '';
  if (expanded.length && r.pod)
    evidence.push({
      source: `Pod/${r.pod} .spec.dnsPolicy`,
      text: `${r.dnsPolicy}, ndots ${r.ndots}; expansions: ${expanded.map((x) => bare(x.name)).join(', ')}`,
    });
  const zone = forwarderFor(base, r.forwarders);
  if (zone && zone.zone !== '.')
    evidence.push({
      source: zone.forwarder.source,
      text: `${zone.zone}:53 { forward . ${zone.forwarder.upstreams.join(' ')} }`,
    });
  const upstream = (r.upstream ?? []).filter((x) => x.name === base && isFailing(x));
  const culprit = upstream.sort((a, b) => b.unanswered - a.unanswered)[0];
  if (culprit) return upstreamFinding(r, base, culprit, zone?.zone, evidence, amplification);
  const clientRcodes = absolute.map(rcodeText).join('; ');
  return {
    severity: 'warning',
    title: `Lookups of ${bare(base)} from ${r.client} fail: ${clientRcodes}`,
    detail: `${r.upstream ? 'CoreDNS was traced but sent no failing upstream query for this name; the failure is inside the cluster DNS (check the CoreDNS logs and Corefile).' : 'CoreDNS was not traced, so the upstream side is unknown.'}${amplification}`,
    subject: r.subject,
    evidence,
  };
}

function upstreamFinding(
  r: DnsTraceResult,
  base: string,
  x: DnsExchange,
  zone: string | undefined,
  evidence: Evidence[],
  amplification: string,
): Finding {
  const others = (r.upstream ?? []).filter(
    (o) => o.server === x.server && o.name !== base && (o.rcodes.Success ?? 0) > 0,
  );
  const name = bare(base);
  const corednsSource = `trace_dns on ${r.corednsNodes.join(', ')} (${r.durationSeconds} s)`;
  const othersText = others.map(
    (o) =>
      `${bare(o.name)}: ${o.queries} queries, ${rcodeText(o)}${o.latencyNs ? ` (p50 ${formatNs(o.latencyNs.p50)}, p99 ${formatNs(o.latencyNs.p99)})` : ''}`,
  );
  evidence.splice(1, 0, {
    source: corednsSource,
    text: [`${name}: ${x.queries} queries from CoreDNS to ${x.server}, ${rcodeText(x)}`, ...othersText].join(
      '; ',
    ),
  });
  const silent = x.unanswered === x.queries;
  const what = silent
    ? 'never answers'
    : `answers ${Object.keys(x.rcodes)
        .filter((c) => c !== 'Success')
        .join('/')} for`;
  const zoneText = zone ?? 'the same zone';
  const othersClause = others.length ? `; other names in ${zoneText} resolve` : '';
  return {
    severity: 'critical',
    title: `Upstream DNS ${x.server} ${what} ${name}: ${silent ? `${x.unanswered} of ${x.queries} queries got no answer` : rcodeText(x)}${othersClause}`,
    detail: `CoreDNS forwards ${zone ? `zone ${zone}` : 'this name'} to ${x.server}${zone ? ` (${evidence.find((e) => e.source.startsWith('ConfigMap/'))?.source ?? 'Corefile'})` : ''}, and that server ${silent ? 'ignores every query for this name' : 'refuses or fails it'}${others.length ? ` while it answers ${others.map((o) => bare(o.name)).join(', ')} at once` : ''}. Clients get ServerFailure or time out.${amplification}`,
    subject: r.subject,
    evidence,
    remediation: {
      summary: `Have the owners of ${x.server} serve ${name} (zone, view or ACL on that server)`,
      steps: [
        `from a node: dig @${x.server} ${name} A (expect no answer now)`,
        `check ${x.server}'s zone ${zoneText} for ${name}, and any view/ACL that excludes the cluster's egress addresses`,
        ...(amplification
          ? [
              `optional: cut search-path queries with dnsConfig options ndots: 2 on the client, or call ${name}. with a trailing dot`,
            ]
          : []),
      ],
    },
  };
}

function summariseRcodes(xs: DnsExchange[]): string {
  const total: Record<string, number> = {};
  for (const x of xs)
    for (const [rcode, n] of Object.entries(x.rcodes)) total[rcode] = (total[rcode] ?? 0) + n;
  return (
    Object.entries(total)
      .map(([rcode, n]) => `${n} ${rcode}`)
      .join(', ') || 'no responses'
  );
}
