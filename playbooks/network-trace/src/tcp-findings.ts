import type { Evidence, Finding, KubeObject } from '@triage/core';
import type { AddressIndex, AddressOwner } from './address-index.js';
import { containerPorts, refOf, servicePorts, sliceEndpoints, slicePorts } from './kube-views.js';
import { plural } from './plural.js';
import { describeContainerPort, type PortMismatch, portMismatches, targetPortFix } from './service-ports.js';
import type { TcpDestination, TcpSummary } from './tcp-aggregate.js';

/** Who was traced, where and for how long. */
export interface TcpTraceScope {
  /** Subject of findings that name no Service: `pod/<ns>/<name>`, or `service/<ns>/<name>` when tracing its clients. */
  subject: string;
  /** The clients' workload names (`storefront`), used in titles. */
  client: string;
  /** What was traced, in details: `shop/storefront-…`, or `any pod on <nodes> to Service …`. */
  traced: string;
  nodes: string[];
  durationSeconds: number;
  /** List the client pods behind the failures in evidence (a trace of many pods). */
  byClient?: boolean;
}

/** One explained failure: all failed destinations that share a cause. */
interface Explained {
  key: string;
  target: string;
  port: number;
  error: string;
  count: number;
  groups: TcpDestination[];
  service?: KubeObject;
  servicePort?: number;
  mismatch?: PortMismatch;
  pods: KubeObject[];
}

const verbs: Record<string, string> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'unreachable',
};
const times = (n: number) => (n === 1 ? 'once' : `${n} times`);

/** A fix a finding proposes as a JSON patch of a Service, for a server-side dry-run. */
export interface ServicePatch {
  finding: Finding;
  namespace: string;
  name: string;
  patch: unknown[];
  /** What the patch does, for the Apply fix button (`Set Service shop/api targetPort 8080 → …`). */
  summary: string;
}

/**
 * Findings for a trace_tcp run: one per failing destination (Service, pod, node or address), or an
 * ok/info note; plus the Service patches they propose.
 */
export function tcpFindings(
  scope: TcpTraceScope,
  summary: TcpSummary,
  index: AddressIndex,
): { findings: Finding[]; patches: ServicePatch[] } {
  const patches: ServicePatch[] = [];
  return { findings: tcpFindingList(scope, summary, index, patches), patches };
}

function tcpFindingList(
  scope: TcpTraceScope,
  summary: TcpSummary,
  index: AddressIndex,
  patches: ServicePatch[],
): Finding[] {
  const traceSource = `trace_tcp on ${scope.nodes.join(', ')} (${scope.durationSeconds} s)`;
  if (summary.connects === 0)
    return [
      {
        severity: 'info',
        title: `No TCP connects from ${scope.client} in ${scope.durationSeconds} s`,
        detail: `trace_tcp saw no outgoing connections from ${scope.traced}; the failure may be intermittent, or the client may reuse long-lived connections. Trace again while the problem happens, or longer (durationSeconds up to 120).`,
        subject: scope.subject,
        evidence: [{ source: traceSource, text: '0 connect events' }],
      },
    ];
  if (summary.failed === 0)
    return [
      {
        severity: 'ok',
        title: `No failed connections from ${scope.client} in ${scope.durationSeconds} s`,
        detail: `${plural(summary.connects, 'connect')} to ${plural(summary.successes.length, 'destination')} succeeded.`,
        subject: scope.subject,
        evidence: [{ source: traceSource, text: successText(summary, index) }],
      },
    ];
  const explained = new Map<string, Explained>();
  for (const group of summary.failures) {
    const e = explain(group, index.resolve(group.addr));
    const known = explained.get(e.key);
    if (known) {
      known.count += group.count;
      known.groups.push(group);
      for (const pod of e.pods) if (!known.pods.includes(pod)) known.pods.push(pod);
    } else explained.set(e.key, e);
  }
  return [...explained.values()].map((e) => failureFinding(scope, e, summary, index, traceSource, patches));
}

function explain(group: TcpDestination, owner: AddressOwner): Explained {
  const base = { port: group.port, error: group.error, count: group.count, groups: [group] };
  if (owner.kind === 'service') {
    const service = owner.service;
    return {
      ...base,
      key: `svc|${refOf(service)}|${group.port}|${group.error}`,
      target: service.metadata.name,
      service,
      servicePort: group.port,
      pods: [],
    };
  }
  if (owner.kind === 'pod') {
    const membership = owner.endpointOf.find((m) => m.ports.some((p) => p.port === group.port));
    if (membership) {
      const slicePort = membership.ports.find((p) => p.port === group.port);
      const port = servicePorts(membership.service).find((p) => p.name === (slicePort?.name ?? ''));
      const mismatch = portMismatches(membership.service, [owner.pod]).find(
        (m) => m.port.index === port?.index,
      );
      return {
        ...base,
        key: `svc|${refOf(membership.service)}|${port?.port}|${group.error}`,
        target: membership.service.metadata.name,
        service: membership.service,
        ...(port && { servicePort: port.port }),
        ...(mismatch && { mismatch }),
        pods: [owner.pod],
      };
    }
    return {
      ...base,
      key: `pod|${refOf(owner.pod)}|${group.port}|${group.error}`,
      target: owner.pod.metadata.name,
      pods: [owner.pod],
    };
  }
  if (owner.kind === 'node')
    return {
      ...base,
      key: `node|${owner.node.metadata.name}|${group.port}|${group.error}`,
      target: `node ${owner.node.metadata.name}`,
      pods: [],
    };
  const named = group.dst.kind !== 'raw' && group.dst.name ? group.dst.name : group.addr;
  return { ...base, key: `ip|${group.addr}|${group.port}|${group.error}`, target: named, pods: [] };
}

function failureFinding(
  scope: TcpTraceScope,
  e: Explained,
  summary: TcpSummary,
  index: AddressIndex,
  traceSource: string,
  patches: ServicePatch[],
): Finding {
  const verb = verbs[e.error] ?? `failed (${e.error})`;
  const port = e.servicePort ?? e.port;
  const head = `${scope.client} → ${e.target}:${port} ${verb} ${times(e.count)} in ${scope.durationSeconds} s`;
  const evidence: Evidence[] = [{ source: traceSource, text: traceText(e, summary, index) }];
  if (scope.byClient) evidence.push({ source: 'clients (source address → pod)', text: clientText(e, index) });
  const subject = e.service ? `service/${refOf(e.service)}` : scope.subject;
  if (e.mismatch?.likely && e.service) {
    const m = e.mismatch;
    const likely = m.likely as NonNullable<PortMismatch['likely']>;
    evidence.push(...mappingEvidence(m, e, index));
    const fix = targetPortFix(m);
    const finding: Finding = {
      severity: 'critical',
      title: `${head}: Service ${e.service.metadata.name} targetPort ${m.target}, but its pods listen on ${describeContainerPort(likely)}`,
      detail: `The Service sends port ${m.port.port} to targetPort ${m.target} on its endpoints, but the pods declare ${m.declared.map(describeContainerPort).join(', ')}; nothing listens on ${m.target}, so the kernel refuses every connection (${e.error}). Fix: set targetPort: ${fix?.value ?? likely.containerPort}.`,
      subject,
      evidence,
      ...(fix && {
        remediation: {
          summary: `Point Service ${e.service.metadata.name} port ${m.port.port} at targetPort ${fix.value}`,
          steps: [
            fix.command,
            `or make the container listen on ${m.target} again (containerPort and the application's port), if the port change was not intended`,
          ],
        },
      }),
    };
    if (fix)
      patches.push({
        finding,
        namespace: e.service.metadata.namespace ?? 'default',
        name: e.service.metadata.name,
        patch: fix.patch,
        summary: fix.summary,
      });
    return finding;
  }
  for (const pod of e.pods.slice(0, 3)) evidence.push(podPortsEvidence(pod));
  const why =
    e.error === 'ECONNREFUSED'
      ? `Nothing accepts connections on port ${e.port} at the destination (process not listening, listening on another port or only on localhost).`
      : e.error === 'ETIMEDOUT'
        ? 'The SYN got no answer: a NetworkPolicy or firewall dropping packets, a destination that is gone, or a routing problem.'
        : `The connect failed with ${e.error}.`;
  return {
    severity: 'warning',
    title: head,
    detail: why,
    subject,
    evidence,
  };
}

function traceText(e: Explained, summary: TcpSummary, index: AddressIndex): string {
  const dests = e.groups
    .map((g) => `${g.count}× ${g.addr}:${g.port}${g.dst.name ? ` (${g.dst.name})` : ''}`)
    .join(', ');
  const ok = summary.successes.length ? `; meanwhile ${successText(summary, index)}` : '';
  return `${e.count} connects failed with ${e.error}: ${dests}${ok}`;
}

/** Connects by client, most first: `shop/storefront-…-8k8c4 19×, …`. */
function clientText(e: Explained, index: AddressIndex): string {
  const byClient = new Map<string, number>();
  for (const group of e.groups)
    for (const [addr, count] of group.clients) {
      const name = addressName(addr, index);
      byClient.set(name, (byClient.get(name) ?? 0) + count);
    }
  return (
    [...byClient]
      .sort((a, b) => b[1] - a[1])
      .map(([name, count]) => `${name} ${count}×`)
      .join(', ') || 'no source addresses in the events'
  );
}

/** A client address as the pod (`ns/name`) or node that owns it, else the address. */
export function addressName(addr: string, index: AddressIndex): string {
  const owner = index.resolve(addr);
  if (owner.kind === 'pod') return refOf(owner.pod);
  if (owner.kind === 'node') return `node ${owner.node.metadata.name}`;
  return addr;
}

function successText(summary: TcpSummary, index: AddressIndex): string {
  const total = summary.successes.reduce((n, g) => n + g.count, 0);
  const names = summary.successes.slice(0, 5).map((g) => {
    const owner = index.resolve(g.addr);
    const name =
      owner.kind === 'pod'
        ? owner.pod.metadata.name
        : owner.kind === 'service'
          ? owner.service.metadata.name
          : g.addr;
    return `${name}:${g.port}`;
  });
  return `${plural(total, 'connect')} succeeded (${names.join(', ')})`;
}

function mappingEvidence(m: PortMismatch, e: Explained, index: AddressIndex): Evidence[] {
  const service = m.service;
  const ref = refOf(service);
  const portName = m.port.name ? ` (${m.port.name})` : '';
  const evidence: Evidence[] = [
    {
      source: `Service/${ref} .spec.ports[${m.port.index}]`,
      text: `port ${m.port.port}${portName} → targetPort ${m.port.targetPort ?? `${m.port.port} (default)`}`,
    },
  ];
  for (const slice of index.slices) {
    if (slice.metadata.namespace !== service.metadata.namespace) continue;
    if (slice.metadata.labels?.['kubernetes.io/service-name'] !== service.metadata.name) continue;
    const endpoints = sliceEndpoints(slice);
    const ready = endpoints.filter((x) => x.ready).flatMap((x) => x.addresses);
    evidence.push({
      source: `EndpointSlice/${refOf(slice)}`,
      text: `${ready.length} of ${endpoints.length} endpoints ready (${ready.join(', ')}) on port ${slicePorts(
        slice,
      )
        .map((p) => p.port)
        .join(', ')}`,
    });
  }
  for (const pod of e.pods.slice(0, 3)) evidence.push(podPortsEvidence(pod));
  return evidence;
}

function podPortsEvidence(pod: KubeObject): Evidence {
  const ports = containerPorts(pod);
  const containers = [...new Set(ports.map((p) => p.container))];
  return {
    source: `Pod/${refOf(pod)} .spec.containers[${containers.join(',') || '*'}].ports`,
    text: ports.length
      ? ports
          .map((p) => `containerPort ${p.containerPort}${p.name ? ` '${p.name}'` : ''}/${p.protocol}`)
          .join(', ')
      : 'no containerPorts declared',
  };
}
