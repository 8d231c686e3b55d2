import type { Finding } from '@triage/core';
import type { NodeLogs } from './collect-node-logs.js';
import type { NodeObjects } from './fetch-node-objects.js';
import { hnsFindings } from './hns-errors.js';
import { missingLogMonitorFindings } from './missing-log-monitor.js';
import { nodeLogFindings } from './node-log-signatures.js';
import { osMismatchFindings } from './os-mismatch.js';
import { windowsImageOnLinuxFindings } from './windows-image-on-linux.js';
import { nodeOs } from './windows-build.js';

/** Largest collected output attached to the collection finding; the rest is said to be left out. */
export const MAX_ATTACHMENT_BYTES = 512 * 1024;

function attach(node: string, text: string) {
  const bytes = Buffer.byteLength(text);
  const content =
    bytes > MAX_ATTACHMENT_BYTES
      ? Buffer.from(text)
          .subarray(bytes - MAX_ATTACHMENT_BYTES)
          .toString('utf8')
      : text;
  return {
    filename: `windows-logs-${node}.txt`,
    contentType: 'text/plain',
    content,
    encoding: 'utf8' as const,
  };
}

/** How collection went; `signatureHits` counts findings that quote the collected logs. */
function collectionFinding(node: string, logs: NodeLogs | undefined, signatureHits: number): Finding {
  if (!logs)
    return {
      severity: 'info',
      title: `Log collection is unavailable on ${node}: Triage runs without diagnostic pods`,
      detail:
        'Only the Kubernetes objects were checked. kubelet, kube-proxy, containerd and HNS state live on the node and need a HostProcess pod to read.',
      subject: `node/${node}`,
      evidence: [{ source: 'Triage configuration', text: 'diagnostic pods disabled (read-only install)' }],
      remediation: {
        summary: 'Enable diagnostic pods, or read the logs on the node',
        steps: [
          'Give Triage its namespace with the privileged Pod Security level and RBAC for pods create/get/delete and pods/log.',
          `Meanwhile: collect C:\\k\\kubeproxy.err.log, C:\\k\\kubelet.err.log and Get-HnsEndpoint on ${node} (AKS: C:\\k\\debug\\collect-windows-logs.ps1).`,
        ],
      },
    };
  if (!logs.ok)
    return {
      severity: 'info',
      title: `Could not collect logs from ${node}`,
      detail: `${logs.reason}. The findings rest on the Kubernetes objects only.`,
      subject: `node/${node}`,
      evidence: [{ source: logs.podName ? `Pod/${logs.podName}` : 'diagnostic pod', text: logs.reason }],
    };
  const sources = logs.sections.map((s) => `${s.source} (${s.lines.length} lines)`);
  const read = sources.length > 0 ? sources.join(', ') : 'nothing (no log written within the window)';
  return {
    severity: signatureHits > 0 ? 'info' : 'ok',
    title:
      signatureHits > 0
        ? `Collected node logs from ${node}: ${logs.sections.length} source${logs.sections.length === 1 ? '' : 's'}`
        : `No known Windows failure signature in the logs of ${node}`,
    detail: `A HostProcess pod (${logs.podName}, deleted afterwards) read ${read}${
      logs.phase === 'Succeeded'
        ? ''
        : `; it did not finish (${logs.phase}), so this is its output up to the deadline`
    }${logs.truncated ? '; the output was cut at the size limit' : ''}.`,
    subject: `node/${node}`,
    evidence: [{ source: `Pod/${logs.podName}`, text: `${logs.phase}; read ${read}` }],
    attachments: [attach(node, logs.text)],
  };
}

/**
 * All findings for one node: on a Windows node the log signatures (HNS, OS mismatch in kubelet /
 * containerd) and the object checks (OS build, LogMonitor), plus how collection went; on a Linux
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
  const fromLogs = [...hnsFindings(name, sections), ...nodeLogFindings(name, sections)];
  const mismatch = osMismatchFindings({ ...objects, sections });
  const logHits = [...fromLogs, ...mismatch].filter((f) =>
    f.evidence.some((e) => e.source.startsWith('log ')),
  ).length;
  return [
    ...fromLogs,
    ...mismatch,
    ...missingLogMonitorFindings(objects.pods),
    collectionFinding(name, logs, logHits),
  ];
}
