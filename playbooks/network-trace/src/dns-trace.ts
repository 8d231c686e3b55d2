import type { DiagnosticPods, Finding, KubeObject, PlaybookContext } from '@triage/core';
import { forwardersOf } from './corefile.js';
import { createDnsAggregator, type DnsExchange, isFailing, searchExpansions } from './dns-aggregate.js';
import { dnsFindings } from './dns-findings.js';
import { type DnsEvent, igJsonObjects, igLineHandler, toDnsEvent } from './ig-events.js';
import {
  clusterIps,
  isPodReady,
  nodeOs,
  podIps,
  podNode,
  podPhase,
  refOf,
  workloadName,
} from './kube-views.js';
import { fromPod, runTrace, traceProblem } from './run-trace.js';

/** trace_dns events in ig's output, lazily. */
export function* dnsEvents(text: string): Generator<DnsEvent> {
  for (const raw of igJsonObjects(text)) {
    const event = toDnsEvent(raw);
    if (event) yield event;
  }
}

/** ndots in effect for the pod: dnsConfig's option, else 5 for the cluster policies (kubelet default). */
export function podNdots(pod: KubeObject): number {
  const options = (pod.spec as { dnsConfig?: { options?: { name?: string; value?: string }[] } } | undefined)
    ?.dnsConfig?.options;
  const value = Number(options?.find((o) => o.name === 'ndots')?.value);
  return Number.isInteger(value) && value >= 0 ? value : 5;
}

/**
 * Traces the client's DNS on its node; when lookups fail, also traces the cluster DNS pods
 * (k8s-app=kube-dns) on their nodes to see what the upstream servers do, reads the CoreDNS
 * ConfigMaps for custom forwarders, and explains.
 */
export async function traceClientDns(
  ctx: PlaybookContext,
  pods: DiagnosticPods,
  client: KubeObject,
  node: string,
  durationSeconds: number,
): Promise<Finding[]> {
  const namespace = client.metadata.namespace ?? 'default';
  const subject = `pod/${refOf(client)}`;
  const clientAggregator = createDnsAggregator(fromPod(client));
  const clientRun = await runTrace(ctx, pods, {
    gadget: 'trace_dns',
    node,
    filter: { namespace, pod: client.metadata.name },
    durationSeconds,
    onLine: igLineHandler(toDnsEvent, clientAggregator.add),
  });
  const clientExchanges = clientAggregator.exchanges();
  const problems = [traceProblem(clientRun, subject)];
  let upstream: DnsExchange[] | undefined;
  let corednsNodes: string[] = [];
  const [coredns, configMaps] = await Promise.all([corednsObjects(ctx), dnsConfigMaps(ctx)]);
  if (clientFails(clientExchanges) && coredns.pods.length > 0) {
    corednsNodes = await linuxNodes(ctx, coredns.pods);
    await ctx.progress(`DNS lookups fail: tracing CoreDNS on ${corednsNodes.join(', ')}`);
    const names = new Set(coredns.pods.map((p) => p.metadata.name));
    const isUpstreamQuery = (e: DnsEvent) => names.has(e.podName) && !coredns.clusterDnsIps.has(e.nameserver);
    // One aggregate for all CoreDNS nodes: their upstream queries add up per name and server.
    const upstreamAggregator = createDnsAggregator(isUpstreamQuery);
    const runs = await Promise.all(
      corednsNodes.map((n) =>
        runTrace(ctx, pods, {
          gadget: 'trace_dns',
          node: n,
          filter: { namespace: 'kube-system' },
          durationSeconds,
          onLine: igLineHandler(toDnsEvent, upstreamAggregator.add),
        }),
      ),
    );
    problems.push(...runs.map((run) => traceProblem(run, subject)));
    upstream = upstreamAggregator.exchanges();
  }
  return [
    ...problems.filter((p): p is Finding => p !== undefined),
    ...corednsReadiness(coredns.pods),
    ...dnsFindings({
      subject,
      traced: refOf(client),
      pod: refOf(client),
      client: workloadName(client),
      nodes: [node],
      durationSeconds,
      dnsPolicy: String((client.spec as { dnsPolicy?: string } | undefined)?.dnsPolicy ?? 'ClusterFirst'),
      ndots: podNdots(client),
      clientExchanges,
      upstream,
      corednsNodes,
      forwarders: forwardersOf(configMaps),
    }),
  ];
}

/** CoreDNS pods that are not Ready (or none at all): cluster DNS itself is short of capacity. */
export function corednsReadiness(pods: readonly KubeObject[]): Finding[] {
  const notReady = pods.filter((p) => !isPodReady(p));
  if (pods.length > 0 && notReady.length === 0) return [];
  const title =
    pods.length === 0
      ? 'No cluster DNS pods (k8s-app=kube-dns) in kube-system'
      : `${notReady.length} of ${pods.length} CoreDNS pods not ready`;
  return [
    {
      severity: notReady.length === pods.length ? 'critical' : 'warning',
      title,
      detail:
        'Lookups that land on a pod that is not ready are slow or fail; with none ready, every lookup fails.',
      subject: 'namespace/kube-system',
      evidence: notReady.map((p) => ({
        source: `Pod/${refOf(p)} .status.conditions[Ready]`,
        text: `phase ${podPhase(p)}, not Ready`,
      })),
      remediation: {
        summary: 'Find out why CoreDNS is not ready',
        steps: [
          'kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide',
          'kubectl -n kube-system logs -l k8s-app=kube-dns --tail=50',
        ],
      },
    },
  ];
}

function clientFails(exchanges: DnsExchange[]): boolean {
  const bases = searchExpansions(exchanges.map((x) => x.name));
  return exchanges.some((x) => bases.has(x.name) && isFailing(x));
}

async function corednsObjects(ctx: PlaybookContext) {
  const [pods, services] = await Promise.all([
    ctx.kube.list('pods', { namespace: 'kube-system', labelSelector: 'k8s-app=kube-dns', max: 100 }),
    ctx.kube.list('services', { namespace: 'kube-system', labelSelector: 'k8s-app=kube-dns', max: 10 }),
  ]);
  const clusterDnsIps = new Set([...pods.flatMap(podIps), ...services.flatMap(clusterIps)]);
  return { pods, clusterDnsIps };
}

async function dnsConfigMaps(ctx: PlaybookContext): Promise<KubeObject[]> {
  const maps = await Promise.all(
    ['coredns', 'coredns-custom'].map((name) => ctx.kube.get('configmaps', name, 'kube-system')),
  );
  return maps.filter((m): m is KubeObject => m !== undefined);
}

async function linuxNodes(ctx: PlaybookContext, pods: KubeObject[]): Promise<string[]> {
  const names = [...new Set(pods.map(podNode).filter(Boolean))].sort();
  const nodes = await Promise.all(names.map((n) => ctx.kube.get('nodes', n)));
  return names.filter((_, i) => nodeOs(nodes[i]) !== 'windows');
}
