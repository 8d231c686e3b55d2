import type { Finding } from '@triage/core';
import type { NodeLogs } from './collect-node-logs.js';
import { collectionFinding } from './collection-finding.js';
import type { NodeObjects } from './fetch-node-objects.js';
import { hnsFindings } from './hns-errors.js';
import { type EventView, podKey } from './kube-views.js';
import type { LogSection } from './log-sections.js';
import { linuxPodOnWindowsFinding, noOsSelectorFinding } from './misplaced-pods.js';
import { missingLogMonitorFindings } from './missing-log-monitor.js';
import { nodeLogFindings } from './node-log-signatures.js';
import { osMismatchFindings } from './os-mismatch.js';
import { nodeOs } from './windows-build.js';
import { windowsImageOnLinuxFindings } from './windows-image-on-linux.js';

/** Events as one-line sections (`Event <reason> <pod>`), so line signatures (pull timeouts, slow pulls) read them without a pod. */
function eventSections(events: readonly EventView[]): LogSection[] {
  return events.map((e) => ({
    source: `Event ${e.reason} ${e.involvedObject.namespace}/${e.involvedObject.name}`,
    lines: [e.message],
  }));
}

/**
 * All findings for one node: on a Windows node the log signatures (HNS, OS mismatch in kubelet /
 * containerd, and the line signatures over logs and events) and the object checks (OS build, Linux
 * pods that landed there, Windows pods without an OS selector, LogMonitor), plus how collection
 * went; on a Linux
 * node a note saying so and any Windows pods misplaced there. Unsorted.
 */
export function windowsNodeFindings(objects: NodeObjects, logs: NodeLogs | undefined): Finding[] {
  const name = objects.node.metadata.name;
  const os = nodeOs(objects.node);
  if (os !== 'windows')
    return [
      {
        severity: 'info',
        title: `Node ${name} is not a Windows node (kubernetes.io/os=${os ?? 'unset'})`,
        detail:
          'windows-logs collects logs only from Windows nodes; on this node it checked only for Windows pods placed there.',
        subject: `node/${name}`,
        evidence: [{ source: `Node/${name} .metadata.labels`, text: `kubernetes.io/os=${os ?? 'unset'}` }],
      },
      ...windowsImageOnLinuxFindings(objects),
    ];
  const sections = logs?.ok ? logs.sections : [];
  const fromLogs = [
    ...hnsFindings(name, sections),
    ...nodeLogFindings(name, [...sections, ...eventSections([...objects.events, ...objects.pulledEvents])]),
  ];
  const mismatch = osMismatchFindings({ ...objects, sections });
  const logHits = [...fromLogs, ...mismatch].filter((f) =>
    f.evidence.some((e) => e.source.startsWith('log ')),
  ).length;
  const misplaced = objects.pods.flatMap((pod) => {
    const placement = objects.placements.get(podKey(pod));
    return [
      linuxPodOnWindowsFinding(name, pod, objects.events),
      placement && noOsSelectorFinding(name, pod, placement),
    ].filter((f): f is Finding => f !== undefined);
  });
  return [
    ...fromLogs,
    ...mismatch,
    ...misplaced,
    ...missingLogMonitorFindings(objects.pods),
    collectionFinding(name, logs, logHits),
  ];
}
