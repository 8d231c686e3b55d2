import type { Finding, KubeObject } from '@triage/core';
import { parseQuantity } from '@triage/core';
import { z } from 'zod';

/**
 * Memory AKS guidance keeps back for a Windows node's OS and services (kubelet --system-reserved /
 * --kube-reserved): Windows has no kubelet memory-pressure eviction, so pods can starve the host.
 */
export const WINDOWS_MIN_RESERVE_BYTES = 2 * 1024 ** 3;
/** windows_exporter's default port. */
export const WINDOWS_EXPORTER_PORT = 9182;

const labels = z.record(z.string(), z.string()).default({});

/** Node fields the node checks read (taints, capacity, allocatable). */
export const checkNodeSchema = z.object({
  metadata: z.object({ name: z.string(), labels }),
  spec: z
    .object({
      taints: z
        .array(z.object({ key: z.string(), value: z.string().optional(), effect: z.string() }))
        .default([]),
    })
    .default({ taints: [] }),
  status: z
    .object({
      capacity: z.record(z.string(), z.string()).default({}),
      allocatable: z.record(z.string(), z.string()).default({}),
    })
    .default({ capacity: {}, allocatable: {} }),
});
export type CheckNode = z.infer<typeof checkNodeSchema>;

/** Pod fields the exporter check reads. */
export const exporterPodSchema = z.object({
  metadata: z.object({
    name: z.string(),
    namespace: z.string().default(''),
    labels,
    annotations: z.record(z.string(), z.string()).default({}),
  }),
  spec: z
    .object({
      nodeName: z.string().optional(),
      containers: z.array(z.object({ image: z.string().default('') })).default([]),
    })
    .default({ containers: [] }),
  status: z.object({ phase: z.string().optional() }).default({}),
});
export type ExporterPod = z.infer<typeof exporterPodSchema>;

/** A PodMonitor or ServiceMonitor (monitoring.coreos.com/v1): what it selects by label. */
const monitorSchema = z.object({
  kind: z.string().default(''),
  metadata: z.object({ name: z.string(), namespace: z.string().default('') }),
  spec: z
    .object({ selector: z.object({ matchLabels: labels }).default({ matchLabels: {} }) })
    .default({ selector: { matchLabels: {} } }),
});

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** What the node keeps back from pods for the OS and kubelet: capacity − allocatable memory, in bytes. */
export function systemMemoryReserve(node: Pick<CheckNode, 'status'>): number | undefined {
  const capacity = parseQuantity(node.status.capacity.memory);
  const allocatable = parseQuantity(node.status.allocatable.memory);
  return capacity === undefined || allocatable === undefined ? undefined : capacity - allocatable;
}

/** capacity − allocatable memory below {@link WINDOWS_MIN_RESERVE_BYTES}. */
export function memoryReserveFinding(node: CheckNode): Finding | undefined {
  const reserve = systemMemoryReserve(node);
  if (reserve === undefined || reserve >= WINDOWS_MIN_RESERVE_BYTES) return undefined;
  const name = node.metadata.name;
  return {
    severity: 'warning',
    title: `Windows node ${name} keeps only ${gib(reserve)} of memory for the system (at least 2 GiB advised)`,
    detail:
      'Windows has no kubelet memory-pressure eviction: when pods use the memory the OS and its services need, the node slows down or goes NotReady instead of evicting. The reserve is what kubelet --system-reserved and --kube-reserved take out of capacity.',
    subject: `node/${name}`,
    evidence: [
      {
        source: `Node/${name} .status`,
        text: `capacity.memory ${node.status.capacity.memory}, allocatable.memory ${node.status.allocatable.memory}: reserve ${gib(reserve)}`,
      },
    ],
    remediation: {
      summary: 'Reserve more memory for the Windows host',
      steps: [
        'Set kubelet --system-reserved / --kube-reserved memory so capacity − allocatable is at least 2 GiB (on AKS a current node image sets it).',
        'Give every Windows pod a memory limit so it cannot take the host’s share.',
      ],
    },
  };
}

/** True for windows_exporter (the prometheus-community chart's labels, the image, or a pod named so). */
function isWindowsExporter(pod: ExporterPod): boolean {
  return [
    pod.metadata.name,
    ...Object.values(pod.metadata.labels),
    ...pod.spec.containers.map((c) => c.image),
  ].some((v) => /windows[-_]exporter/i.test(v));
}

/** How Prometheus finds the exporter pod: the scrape annotation, or a Pod/ServiceMonitor whose matchLabels it carries. */
function scrapedBy(pod: ExporterPod, monitors: readonly z.infer<typeof monitorSchema>[]): string | undefined {
  if (pod.metadata.annotations['prometheus.io/scrape'] === 'true')
    return 'annotation prometheus.io/scrape=true';
  const monitor = monitors.find((m) => {
    const wanted = Object.entries(m.spec.selector.matchLabels);
    return wanted.length > 0 && wanted.every(([k, v]) => pod.metadata.labels[k] === v);
  });
  return monitor
    ? `${monitor.kind || 'monitor'} ${monitor.metadata.namespace}/${monitor.metadata.name}`
    : undefined;
}

/**
 * windows_exporter (port 9182) on a Windows node, judged from Kubernetes objects: a Running pod on
 * the node that is windows_exporter (name, labels or image), which Prometheus can find through the
 * `prometheus.io/scrape: "true"` annotation or, when `monitors` were read, a PodMonitor/ServiceMonitor
 * whose `selector.matchLabels` the pod carries. No pod → warning; a pod nothing scrapes → info.
 */
export function windowsExporterFinding(
  node: CheckNode,
  podsOnNode: readonly ExporterPod[],
  monitors: readonly KubeObject[] | undefined,
): Finding | undefined {
  const name = node.metadata.name;
  const exporter = podsOnNode.find((p) => isWindowsExporter(p) && p.status.phase === 'Running');
  const remediation = {
    summary: 'Run windows_exporter on every Windows node and let Prometheus scrape it',
    steps: [
      'kubectl get daemonsets -A -o wide | grep -i windows-exporter   # compare its nodeSelector and tolerations with this node',
      `Scrape it on port ${WINDOWS_EXPORTER_PORT}: a PodMonitor/ServiceMonitor selecting its labels, or the prometheus.io/scrape: "true" and prometheus.io/port: "${WINDOWS_EXPORTER_PORT}" annotations.`,
    ],
  };
  if (!exporter)
    return {
      severity: 'warning',
      title: `No windows_exporter runs on Windows node ${name}: its memory, disk and service metrics are not scraped (port ${WINDOWS_EXPORTER_PORT})`,
      detail:
        'Without windows_exporter, Windows node alerts (memory, disk space, service state) cannot fire for this node and health reports have no metrics for it.',
      subject: `node/${name}`,
      evidence: [
        {
          source: `pods with spec.nodeName=${name}`,
          text: `${podsOnNode.length} pods, no Running windows-exporter`,
        },
      ],
      remediation,
    };
  const parsedMonitors = (monitors ?? []).flatMap((m) => {
    const parsed = monitorSchema.safeParse(m);
    return parsed.success ? [parsed.data] : [];
  });
  if (scrapedBy(exporter, parsedMonitors) || monitors === undefined) return undefined;
  const key = `${exporter.metadata.namespace}/${exporter.metadata.name}`;
  return {
    severity: 'info',
    title: `windows_exporter on ${name} (${key}) may not be scraped: no prometheus.io/scrape annotation and no PodMonitor/ServiceMonitor selects it`,
    detail: `The exporter runs, but nothing in the cluster tells Prometheus to scrape it on port ${WINDOWS_EXPORTER_PORT}; a static scrape config outside Kubernetes would not show here.`,
    subject: `pod/${key}`,
    evidence: [
      {
        source: `Pod/${key} .metadata`,
        text: `labels ${JSON.stringify(exporter.metadata.labels)}, ${parsedMonitors.length} monitors read`,
      },
    ],
    remediation,
  };
}

/** A Windows node without a NoSchedule/NoExecute taint, while `unpinnedPods` Linux pods say nothing about the OS. */
export function untaintedNodeFinding(node: CheckNode, unpinnedPods: readonly string[]): Finding | undefined {
  const hard = node.spec.taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (hard.length > 0 || unpinnedPods.length === 0) return undefined;
  const name = node.metadata.name;
  return {
    severity: 'warning',
    title: `Windows node ${name} has no taint: ${unpinnedPods.length} Linux pods without a kubernetes.io/os nodeSelector can be scheduled onto it`,
    detail:
      'The scheduler places a pod on any node that fits unless the pod selects an OS or the node repels it. A Linux image scheduled onto Windows never starts (no matching manifest for windows/amd64).',
    subject: `node/${name}`,
    evidence: [
      {
        source: `Node/${name} .spec.taints`,
        text: node.spec.taints.length > 0 ? JSON.stringify(node.spec.taints) : 'none',
      },
      {
        source: 'Pods without kubernetes.io/os',
        text: unpinnedPods.slice(0, 5).join(', ') + (unpinnedPods.length > 5 ? ', …' : ''),
      },
    ],
    remediation: {
      summary: 'Taint the Windows pool, or pin Linux workloads to Linux',
      steps: [
        `Taint the Windows nodes (AKS: az aks nodepool update --node-taints os=windows:NoSchedule; kubectl taint node ${name} os=windows:NoSchedule) and give Windows workloads the toleration.`,
        'Or add nodeSelector kubernetes.io/os: linux to the Linux workloads (Helm charts usually expose nodeSelector).',
      ],
    },
  };
}

/** The answer when the node named in a run is gone (GET 404): scaled in, replaced or repaired since the alert. */
export function missingNodeFinding(name: string): Finding {
  return {
    severity: 'warning',
    title: `Node ${name} does not exist`,
    detail:
      'It may have been scaled in, deleted or replaced (autoscaler, upgrade, auto-repair) after the alert fired.',
    subject: `node/${name}`,
    evidence: [{ source: `Node/${name}`, text: 'GET returned 404 Not Found' }],
    remediation: {
      summary: 'Check whether the node was replaced',
      steps: ['kubectl get nodes -o wide', 'kubectl get events -A --field-selector involvedObject.kind=Node'],
    },
  };
}
