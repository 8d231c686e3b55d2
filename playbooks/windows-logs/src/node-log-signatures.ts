import type { Finding, Severity } from '@triage/core';
import { type LogSection, redactLine } from './log-sections.js';

/** A failure recognised by a line pattern in the node's logs or System event log. */
export interface NodeLogSignature {
  id: string;
  pattern: RegExp;
  severity: Severity;
  title: (node: string, count: number) => string;
  detail: string;
  remediation: { summary: string; steps: string[] };
}

/** Windows node failures recognisable from one line each (kubelet, containerd, Service Control Manager, Tcpip). */
export const NODE_LOG_SIGNATURES: readonly NodeLogSignature[] = [
  {
    id: 'disk-full',
    pattern: /There is not enough space on the disk|\(0x80070070\)|no space left on device/i,
    severity: 'critical',
    title: (node, n) => `Disk full on ${node}: ${n} write failures in the node logs`,
    detail:
      'Writes fail for lack of space: image pulls and layer extraction (multi-GB servercore layers), container logs and kubelet state all stop.',
    remediation: {
      summary: 'Free space on the node',
      steps: [
        'Check the free space on C: (Get-PSDrive C) and what uses it (C:\\ProgramData\\containerd, C:\\k\\*.log).',
        'Remove unused images (crictl rmi --prune) and check kubelet image GC thresholds; on AKS consider a larger OS disk for Windows pools.',
      ],
    },
  },
  {
    id: 'port-exhaustion',
    pattern:
      /allocate an ephemeral port number from the global TCP port space has failed|system lacked sufficient buffer space or because a queue was full|\(0x80072747\)/i,
    severity: 'critical',
    title: (node, n) => `Ephemeral ports exhausted on ${node} (${n} failures)`,
    detail:
      'Outbound connections fail when the dynamic port range (and WinNAT’s share of it) is used up: many short connections, SNAT for pods, or leaked sockets.',
    remediation: {
      summary: 'Find what holds the ports, then widen the range',
      steps: [
        'netsh int ipv4 show dynamicport tcp; Get-NetTCPConnection | Group-Object OwningProcess | Sort-Object Count -Descending | Select-Object -First 5',
        'Check excluded ranges (netsh int ipv4 show excludedportrange tcp) that shrink the pool.',
        'Reuse connections in the apps (keep-alive, pooled clients); widen the dynamic range only as a stopgap.',
      ],
    },
  },
  {
    id: 'service-crash',
    pattern:
      /Service Control Manager 70(31|34): The (kubelet|kubeproxy|kube-proxy|containerd|csi-proxy|hns) service terminated unexpectedly/i,
    severity: 'critical',
    title: (node, n) =>
      `Node services crashed on ${node}: ${n} unexpected terminations (Service Control Manager)`,
    detail:
      'The Service Control Manager logged kubelet, kube-proxy, containerd or HNS terminating unexpectedly; pods on the node lose their runtime or networking while it restarts.',
    remediation: {
      summary: 'Find why the service stopped',
      steps: [
        'Read the service’s .err.log in C:\\k around the crash time and C:\\ProgramData\\containerd\\root\\panic.log for containerd.',
        'Check Application event log for Windows Error Reporting entries of the same time.',
      ],
    },
  },
  {
    id: 'unexpected-reboot',
    pattern: /EventLog 6008: The previous system shutdown .* was unexpected/i,
    severity: 'warning',
    title: (node) => `${node} restarted unexpectedly within the window`,
    detail:
      'Event 6008: the previous shutdown was not clean (bugcheck, power loss, host maintenance or a hung OS).',
    remediation: {
      summary: 'Find the cause of the reboot',
      steps: [
        'Look for BugCheck (1001) events and C:\\Windows\\MEMORY.DMP; check the VM’s activity log for platform maintenance.',
      ],
    },
  },
  {
    id: 'pleg-unhealthy',
    pattern: /PLEG is not healthy/,
    severity: 'warning',
    title: (node, n) => `kubelet on ${node} reports PLEG is not healthy (${n} time${n === 1 ? '' : 's'})`,
    detail:
      'The kubelet could not list container state from containerd in time (threshold 3 min): containerd is hung or the node is starved of CPU or disk I/O. The node may flap NotReady.',
    remediation: {
      summary: 'Check containerd and node load',
      steps: [
        'Read C:\\k\\containerd.err.log around the same time; Get-Service containerd.',
        'Check CPU and disk queue on the node (Get-Counter "\\Processor(_Total)\\% Processor Time","\\PhysicalDisk(_Total)\\Current Disk Queue Length").',
      ],
    },
  },
];

/** One finding per signature that matches lines in the collected sections, quoting the first and last matches. */
export function nodeLogFindings(node: string, sections: readonly LogSection[]): Finding[] {
  return NODE_LOG_SIGNATURES.flatMap((sig) => {
    const hits = sections.flatMap((s) =>
      s.lines.filter((l) => sig.pattern.test(l)).map((line) => ({ source: s.source, line })),
    );
    if (hits.length === 0) return [];
    const quoted = hits.length > 2 ? [hits[0], hits[hits.length - 1]] : hits;
    return [
      {
        severity: sig.severity,
        title: sig.title(node, hits.length),
        detail: sig.detail,
        subject: `node/${node}`,
        evidence: quoted.flatMap((h) => (h ? [{ source: `log ${h.source}`, text: redactLine(h.line) }] : [])),
        remediation: sig.remediation,
      },
    ];
  });
}
