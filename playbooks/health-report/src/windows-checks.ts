import type { KubeObject } from '@triage/core';
import { releaseOfImage, type WindowsCheckId, windowsChecks } from '@triage/playbook-windows-logs';
import { arrayOf } from './object-fields.js';
import { type ReportItem, reportItem } from './report-item.js';

const OS_LABEL = 'kubernetes.io/os';

/**
 * Checks a report leaves out: `untainted-windows-node` counts every Linux pod of the cluster without
 * an OS selector, which a report that keeps only Windows-related pods cannot count truthfully.
 */
const LEFT_OUT: readonly WindowsCheckId[] = ['untainted-windows-node'];

/** A cheap superset of windows-logs' Windows-image test, to choose which Linux-node pods to keep. */
function looksWindows(pod: KubeObject): boolean {
  const containers = arrayOf<{ image?: unknown }>(
    (pod.spec as { containers?: unknown } | undefined)?.containers,
  );
  return containers.some(
    (c) =>
      typeof c?.image === 'string' &&
      (releaseOfImage(c.image) !== undefined || /windows|servercore|nanoserver/i.test(c.image)),
  );
}

/** The node fields windows-logs' checks read, without the rest (images, addresses, conditions). */
function slimNode(node: KubeObject): KubeObject {
  const status = (node.status ?? {}) as Record<string, unknown>;
  return {
    metadata: { name: node.metadata.name, labels: node.metadata.labels ?? {} },
    spec: { taints: (node.spec as { taints?: unknown } | undefined)?.taints ?? [] },
    status: {
      nodeInfo: status.nodeInfo ?? {},
      capacity: status.capacity ?? {},
      allocatable: status.allocatable ?? {},
    },
  };
}

/** Gathers what the Windows checks need during the namespace walk, then runs them once. */
export interface WindowsCollector {
  addNode(node: KubeObject): void;
  addPod(pod: KubeObject): void;
  /** The Windows items; `allNamespaces` false leaves out the windows_exporter check (its pods may be elsewhere). */
  items(allNamespaces: boolean): ReportItem[];
}

/**
 * Runs windows-logs' `windowsChecks` (build mismatch, Windows image on Linux, Linux pod on Windows,
 * Windows pod without an OS selector, IIS without LogMonitor, windows_exporter missing, small memory
 * reserve) over the pods that matter to them: every pod on a Windows node and every Windows-looking
 * pod elsewhere. Memory grows with the Windows part of the cluster, not the cluster.
 */
export function createWindowsCollector(): WindowsCollector {
  const nodes = new Map<string, { slim: KubeObject; windows: boolean }>();
  const kept: KubeObject[] = [];
  return {
    addNode(node) {
      const labels = node.metadata.labels ?? {};
      const os = labels[OS_LABEL] ?? labels[`beta.${OS_LABEL}`];
      nodes.set(node.metadata.name, { slim: slimNode(node), windows: os === 'windows' });
    },
    addPod(pod) {
      const nodeName = (pod.spec as { nodeName?: unknown } | undefined)?.nodeName;
      const node = typeof nodeName === 'string' ? nodes.get(nodeName) : undefined;
      if (node?.windows || (node && looksWindows(pod))) kept.push(pod);
    },
    items(allNamespaces) {
      const hosting = new Set(kept.map((p) => (p.spec as { nodeName: string }).nodeName));
      const checked = [...nodes].filter(([name, n]) => n.windows || hosting.has(name)).map(([, n]) => n.slim);
      return windowsChecks({ nodes: checked, pods: kept })
        .filter((f) => !LEFT_OUT.includes(f.check) && (allNamespaces || f.check !== 'no-windows-exporter'))
        .map((f) =>
          reportItem(
            {
              check: 'windows',
              severity: f.severity,
              subject: f.subject,
              text: f.title,
              evidence: f.evidence[0] ?? { source: f.subject, text: f.detail },
            },
            f.check,
          ),
        );
    },
  };
}
