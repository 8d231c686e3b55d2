import { type Finding, type KubeObject, sortFindings } from '@triage/core';
import { eventSchema, nodeSchema, parseEach, podSchema, runtimeClassSchema } from './kube-views.js';
import {
  isUnpinnedLinuxPod,
  linuxPodOnWindowsFinding,
  noOsSelectorFinding,
  placementSchema,
} from './misplaced-pods.js';
import { missingLogMonitorFindings } from './missing-log-monitor.js';
import { osMismatchFindings } from './os-mismatch.js';
import { nodeOs } from './windows-build.js';
import { windowsImageOnLinuxFindings } from './windows-image-on-linux.js';
import {
  checkNodeSchema,
  exporterPodSchema,
  memoryReserveFinding,
  untaintedNodeFinding,
  windowsExporterFinding,
} from './windows-node-checks.js';

/** Kubernetes objects (as `kubectl get -o json` items) the Windows checks read. */
export interface WindowsCheckObjects {
  nodes: readonly KubeObject[];
  pods: readonly KubeObject[];
  /** Warning events: confirm pull failures and OS mismatches (predictions from the specs without them). */
  events?: readonly KubeObject[];
  runtimeClasses?: readonly KubeObject[];
  /** PodMonitors / ServiceMonitors, when the caller could read them; without them a running exporter counts as scraped. */
  monitors?: readonly KubeObject[];
}

/** Which check a finding comes from (stable ids for reports and dedup). */
export type WindowsCheckId =
  | 'os-mismatch'
  | 'windows-image-on-linux'
  | 'linux-pod-on-windows'
  | 'no-os-selector'
  | 'untainted-windows-node'
  | 'no-log-monitor'
  | 'no-windows-exporter'
  | 'small-memory-reserve';

/** A finding of a Windows check, tagged with the check. */
export type WindowsCheckFinding = Finding & { check: WindowsCheckId };

function tag(check: WindowsCheckId, findings: readonly (Finding | undefined)[]): WindowsCheckFinding[] {
  return findings.flatMap((f) => (f ? [{ ...f, check }] : []));
}

/**
 * Windows-aware checks over Kubernetes objects alone (no pod, no logs), for node-health and the
 * health report: per Windows node the image/node build mismatch, Linux pods that landed there,
 * Windows pods without an OS selector, IIS-style pods without LogMonitor, a missing or unscraped
 * windows_exporter and a memory reserve under 2 GiB, and an untainted node while Linux pods select
 * no OS; per Linux node the Windows pods placed there. Pure; most urgent first.
 *
 * @example windowsChecks({ nodes, pods, events }).filter((f) => f.check === 'os-mismatch')
 */
export function windowsChecks(objects: WindowsCheckObjects): WindowsCheckFinding[] {
  const events = parseEach(eventSchema, objects.events ?? []);
  const runtimeClasses = parseEach(runtimeClassSchema, objects.runtimeClasses ?? []);
  const pods = objects.pods.flatMap((raw) => {
    const view = podSchema.safeParse(raw);
    const placement = placementSchema.safeParse(raw);
    const exporter = exporterPodSchema.safeParse(raw);
    return view.success && placement.success && exporter.success
      ? [{ view: view.data, placement: placement.data, exporter: exporter.data }]
      : [];
  });
  const unpinned = pods
    .filter((p) => isUnpinnedLinuxPod(p.view, p.placement))
    .map((p) => `${p.view.metadata.namespace}/${p.view.metadata.name}`);
  return sortFindings(
    objects.nodes.flatMap((raw) => {
      const [node] = parseEach(nodeSchema, [raw]);
      const [check] = parseEach(checkNodeSchema, [raw]);
      if (!node || !check) return [];
      const name = node.metadata.name;
      const onNode = pods.filter((p) => p.view.spec.nodeName === name);
      const views = onNode.map((p) => p.view);
      const os = nodeOs(node);
      if (os === 'linux')
        return tag('windows-image-on-linux', windowsImageOnLinuxFindings({ node, pods: views, events }));
      if (os !== 'windows') return [];
      const unpinnedElsewhere = unpinned.filter(
        (key) => !onNode.some((p) => `${p.view.metadata.namespace}/${p.view.metadata.name}` === key),
      );
      return [
        ...tag('os-mismatch', osMismatchFindings({ node, pods: views, events, runtimeClasses })),
        ...tag(
          'linux-pod-on-windows',
          views.map((p) => linuxPodOnWindowsFinding(name, p, events)),
        ),
        ...tag(
          'no-os-selector',
          onNode.map((p) => noOsSelectorFinding(name, p.view, p.placement)),
        ),
        ...tag('untainted-windows-node', [untaintedNodeFinding(check, unpinnedElsewhere)]),
        ...tag('no-log-monitor', missingLogMonitorFindings(views)),
        ...tag('no-windows-exporter', [
          windowsExporterFinding(
            check,
            onNode.map((p) => p.exporter),
            objects.monitors,
          ),
        ]),
        ...tag('small-memory-reserve', [memoryReserveFinding(check)]),
      ];
    }),
  ) as WindowsCheckFinding[];
}
