import type { Finding, KubeObject } from '@triage/core';
import {
  missingLogMonitorFindings,
  osMismatchFindings,
  windowsImageOnLinuxFindings,
} from '@triage/playbook-windows-logs';
import { arrayOf } from './object-fields.js';
import { type ReportItem, reportItem } from './report-item.js';

type PodView = Parameters<typeof missingLogMonitorFindings>[0][number];
type NodeView = Parameters<typeof osMismatchFindings>[0]['node'];

const OS_LABEL = 'kubernetes.io/os';

/** The node fields the Windows checks read, kept for every node during the pod walk. */
export interface NodeFacts {
  view: NodeView;
  os: string | undefined;
}

/** Keeps what the Windows checks need of a node. */
export function nodeFacts(node: KubeObject): NodeFacts {
  const labels = node.metadata.labels ?? {};
  const nodeInfo = (node.status as { nodeInfo?: { kernelVersion?: string; osImage?: string } } | undefined)
    ?.nodeInfo;
  return {
    view: {
      metadata: { name: node.metadata.name, namespace: '', labels },
      status: {
        nodeInfo: {
          ...(nodeInfo?.kernelVersion ? { kernelVersion: nodeInfo.kernelVersion } : {}),
          ...(nodeInfo?.osImage ? { osImage: nodeInfo.osImage } : {}),
        },
      },
    },
    os: labels[OS_LABEL] ?? labels[`beta.${OS_LABEL}`],
  };
}

/** The pod as windows-logs' checks read it (the same defaults its schema applies). */
export function podView(pod: KubeObject): PodView {
  const spec = (pod.spec ?? {}) as {
    nodeName?: string;
    nodeSelector?: Record<string, string>;
    runtimeClassName?: string;
    containers?: unknown;
  };
  const statuses = arrayOf<{ name: string; state?: { waiting?: { reason?: string; message?: string } } }>(
    (pod.status as { containerStatuses?: unknown } | undefined)?.containerStatuses,
  );
  return {
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace ?? '',
      labels: pod.metadata.labels ?? {},
    },
    spec: {
      ...(spec.nodeName ? { nodeName: spec.nodeName } : {}),
      nodeSelector: spec.nodeSelector ?? {},
      ...(spec.runtimeClassName ? { runtimeClassName: spec.runtimeClassName } : {}),
      containers: arrayOf<{ name: string; image?: string; command?: string[]; args?: string[] }>(
        spec.containers,
      ).map((c) => ({
        name: c.name,
        image: typeof c.image === 'string' ? c.image : '',
        command: arrayOf<string>(c.command),
        args: arrayOf<string>(c.args),
      })),
    },
    status: {
      ...((pod.status as { phase?: string } | undefined)?.phase
        ? { phase: (pod.status as { phase: string }).phase }
        : {}),
      containerStatuses: statuses.map((s) => ({
        name: s?.name ?? '',
        state: s?.state?.waiting ? { waiting: s.state.waiting } : {},
      })),
    },
  };
}

function itemsOf(findings: readonly Finding[], qualifier: string): ReportItem[] {
  return findings.map((f) =>
    reportItem(
      {
        check: 'windows',
        severity: f.severity,
        subject: f.subject,
        text: f.title,
        evidence: f.evidence[0] ?? { source: f.subject, text: f.detail },
      },
      qualifier,
    ),
  );
}

/** Windows pods scheduled without saying they need Windows: the scheduler may put them on Linux. */
function withoutOsSelector(node: NodeFacts, pods: readonly KubeObject[]): ReportItem[] {
  if (node.os !== 'windows') return [];
  return pods.flatMap((pod) => {
    const spec = (pod.spec ?? {}) as {
      nodeSelector?: Record<string, string>;
      runtimeClassName?: string;
      affinity?: unknown;
    };
    if (
      spec.nodeSelector?.[OS_LABEL] ||
      spec.runtimeClassName ||
      JSON.stringify(spec.affinity ?? {}).includes(OS_LABEL)
    )
      return [];
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    return [
      reportItem(
        {
          check: 'windows',
          severity: 'warning',
          subject: `pod/${key}`,
          text: `Pod ${key} runs on Windows node ${node.view.metadata.name} without a ${OS_LABEL} nodeSelector: the scheduler may put it on a Linux node next time (or a Linux image here)`,
          evidence: {
            source: `Pod/${key} .spec.nodeSelector`,
            text: JSON.stringify(spec.nodeSelector ?? {}),
          },
        },
        'no-os-selector',
      ),
    ];
  });
}

/**
 * Windows problems among the pods on one node: OS build mismatches, Windows images on Linux (no OS
 * nodeSelector), Windows pods without an OS nodeSelector, IIS-style entrypoints without LogMonitor
 * (their `kubectl logs` stays empty). The report reads no events or logs, so these are predictions
 * from the objects; windows-logs confirms them on one node.
 */
export function windowsPodItems(node: NodeFacts, pods: readonly KubeObject[]): ReportItem[] {
  const views = pods.map(podView);
  const onLinux =
    node.os === 'linux' ? windowsImageOnLinuxFindings({ node: node.view, pods: views, events: [] }) : [];
  return [
    ...(node.os === 'windows'
      ? itemsOf(osMismatchFindings({ node: node.view, pods: views, events: [] }), 'os-mismatch')
      : []),
    ...itemsOf(onLinux, 'windows-image-on-linux'),
    ...withoutOsSelector(node, pods),
    ...(node.os === 'windows' || onLinux.length > 0
      ? itemsOf(missingLogMonitorFindings(views), 'no-log-monitor')
      : []),
  ];
}

/** True for a windows_exporter pod (the prometheus-community image or its chart's labels). */
export function isWindowsExporter(pod: KubeObject): boolean {
  const labels = pod.metadata.labels ?? {};
  if (Object.values(labels).some((v) => /windows[-_]exporter/i.test(v))) return true;
  const containers = arrayOf<{ image?: unknown }>(
    (pod.spec as { containers?: unknown } | undefined)?.containers,
  );
  return containers.some((c) => typeof c?.image === 'string' && /windows[-_]exporter/i.test(c.image));
}

/** Windows nodes no windows_exporter pod runs on: Prometheus has no memory, CPU or disk data for them. */
export function missingExporterItems(
  nodes: Iterable<NodeFacts>,
  nodesWithExporter: ReadonlySet<string>,
): ReportItem[] {
  const items: ReportItem[] = [];
  for (const node of nodes) {
    const name = node.view.metadata.name;
    if (node.os !== 'windows' || nodesWithExporter.has(name)) continue;
    items.push(
      reportItem(
        {
          check: 'windows',
          severity: 'info',
          subject: `node/${name}`,
          text: `Windows node ${name} runs no windows_exporter: no node metrics for it (port 9182)`,
          evidence: { source: `pods with spec.nodeName=${name}`, text: 'no windows-exporter pod' },
        },
        'no-windows-exporter',
      ),
    );
  }
  return items;
}
