import type { Attachment, Evidence, Finding } from '@triage/core';
import { formatBytes } from './archive-manifest.js';
import { type ArchiveOutcome, MAX_ARCHIVE_BYTES, type NodeLogs } from './collect-node-logs.js';

/** Largest collected text attached to the collection finding; the rest is said to be left out. */
export const MAX_TEXT_ATTACHMENT_BYTES = 512 * 1024;

function textAttachment(node: string, text: string): Attachment {
  const bytes = Buffer.byteLength(text);
  const content =
    bytes > MAX_TEXT_ATTACHMENT_BYTES
      ? Buffer.from(text)
          .subarray(bytes - MAX_TEXT_ATTACHMENT_BYTES)
          .toString('utf8')
      : text;
  return { filename: `windows-logs-${node}.txt`, contentType: 'text/plain', content, encoding: 'utf8' };
}

function archiveName(path: string): string {
  return path.split('\\').pop() ?? path;
}

/** What the archive sentence, evidence and attachment say for each outcome. */
function describeArchive(
  node: string,
  archive: ArchiveOutcome,
): { sentence: string; evidence: Evidence; attachment?: Attachment; steps: string[] } {
  if (archive.state === 'copied')
    return {
      sentence: `The archive ${archiveName(archive.path)} (${formatBytes(archive.content.length)}, ${archive.members.length} files) was copied out and is attached; it was removed from the node. It holds the node's logs as collected, not redacted: share it like the node itself.`,
      evidence: {
        source: `archive ${archive.path}`,
        text:
          archive.members.map((m) => `${m.name} (${formatBytes(m.bytes)})`).join(', ') || 'no members listed',
      },
      attachment: {
        filename: `${node}-${archiveName(archive.path)}`,
        contentType: 'application/x-tar',
        content: Buffer.from(archive.content).toString('base64'),
        encoding: 'base64',
      },
      steps: [],
    };
  if (archive.state === 'too-large') {
    const largest = [...archive.members].sort((a, b) => b.bytes - a.bytes).slice(0, 8);
    return {
      sentence: `The archive ${archive.path} (${formatBytes(archive.bytes)}) is larger than the ${formatBytes(MAX_ARCHIVE_BYTES)} attachment limit and stays on the node. Left out of this thread: the whole archive — ${largest.map((m) => `${m.name} (${formatBytes(m.bytes)})`).join(', ')}${archive.members.length > largest.length ? ` and ${archive.members.length - largest.length} smaller files` : ''}; attached instead: the last lines of each source.`,
      evidence: {
        source: `archive ${archive.path}`,
        text: `${formatBytes(archive.bytes)} on ${node}, not attached`,
      },
      steps: [
        `Fetch ${archive.path} from ${node} (RDP/SSH to the node, or a HostProcess pod and kubectl cp <pod>:${archive.path.slice(2).replace(/\\/g, '/')} ./), then delete it: it uses disk on C:.`,
      ],
    };
  }
  return {
    sentence: `No archive was copied: ${archive.reason}.${archive.manifest ? ` It stays on the node at ${archive.manifest.path}.` : ''}`,
    evidence: { source: 'archive', text: archive.reason },
    steps: [],
  };
}

/** How collection went; `signatureHits` counts findings that quote the collected logs. */
export function collectionFinding(node: string, logs: NodeLogs | undefined, signatureHits: number): Finding {
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
          'Give Triage its namespace with the privileged Pod Security level and RBAC for pods create/get/delete, pods/log get and pods/exec create.',
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
  const archive = describeArchive(node, logs.archive);
  return {
    severity: signatureHits > 0 ? 'info' : 'ok',
    title:
      signatureHits > 0
        ? `Collected node logs from ${node}: ${logs.sections.length} source${logs.sections.length === 1 ? '' : 's'}`
        : `No known Windows failure signature in the logs of ${node}`,
    detail: `A HostProcess pod (${logs.podName}, deleted afterwards) read ${read}${
      logs.finished ? '' : '; the collector did not finish in time, so this is its output up to the deadline'
    }${logs.truncated ? '; the output was cut at the size limit' : ''}. ${archive.sentence}`,
    subject: `node/${node}`,
    evidence: [{ source: `Pod/${logs.podName}`, text: `read ${read}` }, archive.evidence],
    attachments: [textAttachment(node, logs.text), ...(archive.attachment ? [archive.attachment] : [])],
    ...(archive.steps.length > 0 && {
      remediation: { summary: 'Fetch the archive from the node', steps: archive.steps },
    }),
  };
}
