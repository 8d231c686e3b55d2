import type { Finding, Severity } from '@triage/core';
import { type LogSection, redactLine } from './log-sections.js';

/** A failure recognised by a line pattern in the node's logs or System event log. */
export interface NodeLogSignature {
  id: string;
  pattern: RegExp;
  severity: Severity;
  /** A further check on a matching line (a pull slow enough to matter); every match counts without it. */
  accept?: (line: string) => boolean;
  title: (node: string, count: number) => string;
  detail: string;
  remediation: { summary: string; steps: string[] };
}

/** A pull this long (seconds) is reported as slow. */
export const SLOW_PULL_SECONDS = 300;

/** kubelet's Pulled event text (`Successfully pulled image "…" in 12m31.4s …`), quotes escaped or not in klog. */
const SLOW_PULL = /Successfully pulled image \\?"[^"\\]+\\?" in ((?:\d+h)?(?:\d+m)?(?:[\d.]+m?s)?)/;

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
    id: 'winnat-port-exhaustion',
    pattern:
      /NAT instance \S+ failed to allocate a (TCP|UDP) port dynamically because all ports in the instance's external address pool are in use/i,
    severity: 'critical',
    title: (node, n) => `WinNAT ran out of ports on ${node} (${n} failed allocations)`,
    detail:
      "WinNAT, which translates the pods' outbound connections on the node, found every port of its external address pool in use: new outbound connections from pods fail until sessions time out (UDP sessions are held 300 s after the last packet).",
    remediation: {
      summary: 'Find the pods that open the most connections, then widen the pool',
      steps: [
        'Get-NetNatSession | Group-Object -Property Protocol -NoElement (17 = UDP, 6 = TCP), and Get-NetNatSession | Group-Object InternalSourceAddress | Sort-Object Count -Descending | Select-Object -First 5 to find the pod IPs.',
        'Compare with the dynamic range (netsh int ipv4 show dynamicport tcp / udp, in the collected port ranges): the default is 16384 ports per protocol.',
        'Fix the client (reuse connections, pool UDP sockets); widen the dynamic port range only as a stopgap.',
      ],
    },
  },
  {
    id: 'service-stopped',
    pattern:
      /Service Control Manager 7036: The (kubelet|kubeproxy|kube-proxy|containerd|csi-proxy|hns|Host Network) service entered the stopped state/i,
    severity: 'warning',
    title: (node, n) =>
      `Node services stopped on ${node}: ${n} time${n === 1 ? '' : 's'} (Service Control Manager 7036)`,
    detail:
      'kubelet, kube-proxy, containerd or HNS stopped within the window. Outside an upgrade or a planned restart this is a restart loop: pods on the node lose their runtime or networking each time.',
    remediation: {
      summary: 'Find why the service stopped',
      steps: [
        'Match the stops with 7031/7034 (crash) events and the service’s .err.log in C:\\k at the same time; sc.exe qfailure <service> shows the restart policy.',
        'A stop during a node image upgrade or reimage is expected: check the AKS activity log for the node pool.',
      ],
    },
  },
  {
    id: 'image-pull-timeout',
    pattern:
      /(pull(ing)? image|PullImage|failed to pull and unpack).*(context deadline exceeded|DeadlineExceeded|i\/o timeout|TLS handshake timeout)/i,
    severity: 'warning',
    title: (node, n) => `Image pulls time out on ${node} (${n} time${n === 1 ? '' : 's'})`,
    detail:
      'Pulls did not finish in time. Windows Server Core images are several GB (Nano Server a few hundred MB): the first start of a servercore pod on a node can take 10–15 minutes, and a pull cut by a deadline starts again.',
    remediation: {
      summary: 'Make the image smaller or already present on the node',
      steps: [
        'Pre-pull the base image on Windows nodes (a DaemonSet with the same base and a sleep command), or use a base the node image already caches (the servercore/nanoserver release of the node).',
        'Prefer nanoserver where the app allows; keep large layers stable so they are pulled once.',
        'Check the registry path: a private endpoint or ACR in the same region avoids slow cross-region pulls.',
      ],
    },
  },
  {
    id: 'image-pull-slow',
    pattern: SLOW_PULL,
    accept: (line) => goDurationSeconds(SLOW_PULL.exec(line)?.[1] ?? '') >= SLOW_PULL_SECONDS,
    severity: 'warning',
    title: (node, n) => `Slow image pulls on ${node}: ${n} pull${n === 1 ? '' : 's'} took 5 minutes or more`,
    detail:
      'Pods waited minutes for their image. Windows Server Core images are several GB: the first servercore pod on a node often needs 10–15 minutes, during which it stays ContainerCreating and probes or rollouts may give up.',
    remediation: {
      summary: 'Make the image smaller or already present on the node',
      steps: [
        'Pre-pull the base image on Windows nodes (a DaemonSet with the same base and a sleep command) or use a base the node image already caches.',
        'Give rollouts of Windows workloads a progressDeadlineSeconds that covers the first pull (at least 900 s).',
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

/** Seconds in a Go duration as kubelet prints it (`12m3.45s`, `1h2m`, `812ms`). */
export function goDurationSeconds(text: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let seconds = 0;
  for (const [, value, unit] of text.matchAll(/([\d.]+)(ms|h|m|s)/g))
    seconds += Number(value) * (units[unit ?? 's'] ?? 0);
  return seconds;
}

/** One finding per signature that matches lines in the collected sections, quoting the first and last matches. */
export function nodeLogFindings(node: string, sections: readonly LogSection[]): Finding[] {
  return NODE_LOG_SIGNATURES.flatMap((sig) => {
    const hits = sections.flatMap((s) =>
      s.lines
        .filter((l) => sig.pattern.test(l) && (sig.accept?.(l) ?? true))
        .map((line) => ({ source: s.source, line })),
    );
    if (hits.length === 0) return [];
    const quoted = hits.length > 2 ? [hits[0], hits[hits.length - 1]] : hits;
    return [
      {
        severity: sig.severity,
        title: sig.title(node, hits.length),
        detail: sig.detail,
        subject: `node/${node}`,
        evidence: quoted.flatMap((h) =>
          h
            ? [
                {
                  source: h.source.startsWith('Event ') ? h.source : `log ${h.source}`,
                  text: redactLine(h.line),
                },
              ]
            : [],
        ),
        remediation: sig.remediation,
      },
    ];
  });
}
