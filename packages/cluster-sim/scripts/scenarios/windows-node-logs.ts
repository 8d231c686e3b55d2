import { at, plus } from '../scenario-kit/cluster.js';

/**
 * The contents of C:\k logs on the Windows nodes of the windows-mixed scenario (AKS runs kubelet,
 * kube-proxy and containerd as Windows services logging there), in klog / containerd formats.
 */

function klogTime(t: string, micros: number): string {
  const d = new Date(Date.parse(t));
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${mm}${dd} ${d.toISOString().slice(11, 19)}.${String(micros).padStart(6, '0')}`;
}

/** kube-proxy (winkernel) on the node with broken HNS state: endpoint and load-balancer policy creation failing. */
export function kubeProxyErrLogWithHnsFailures(staleIp: string, serviceIp: string): string {
  const lines: string[] = [];
  for (let k = 0; k < 24; k++) {
    const t = plus('08:17:41', k * 30);
    lines.push(
      `E${klogTime(t, 118_302 + k * 17)}    4120 proxier.go:1398] "Endpoint creation failed" err="hnsCall failed in Win32: The object already exists. (0x1392)" endpointIP="${staleIp}" service="win/orders-legacy:http"`,
      `E${klogTime(plus(t, 0), 131_577 + k * 23)}    4120 proxier.go:1473] "Policy creation failed" err="hnsCall failed in Win32: The specified port already exists. (0x803b0013)" serviceIP="${serviceIp}" servicePort=80 protocol="TCP"`,
      `E${klogTime(plus(t, 0), 131_902 + k * 23)}    4120 proxier.go:1190] "Failed to sync proxy rules" err="failed to create load balancer for ${serviceIp}:80: hnsCall failed in Win32: The specified port already exists. (0x803b0013)"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** kube-proxy on a healthy Windows node: only informational sync lines (which go to kubeproxy.log, not .err.log). */
export function kubeProxyLogHealthy(): string {
  return `${Array.from({ length: 6 }, (_, k) => `I${klogTime(plus('08:25:00', k * 30), 412_001 + k)}    3988 proxier.go:1150] "Syncing proxy rules complete" elapsed="38.1ms"`).join('\n')}\n`;
}

/** kubelet on the 2019 node that received the ltsc2022 pod: sandbox creation refused by HCS. */
export function kubeletErrLogOsMismatch(pod: string, sandboxId: string): string {
  const err = `failed to start sandbox "${sandboxId}": failed to create containerd task: failed to create shim task: hcs::CreateComputeSystem ${sandboxId}: The container operating system does not match the host operating system.: unknown`;
  return `${Array.from({ length: 8 }, (_, k) => {
    const t = plus('08:11:05', k * 142);
    return [
      `E${klogTime(t, 112_233 + k)}    3312 log.go:32] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = ${err}"`,
      `E${klogTime(t, 112_901 + k)}    3312 kuberuntime_manager.go:1166] "CreatePodSandbox for pod failed" err="rpc error: code = Unknown desc = ${err}" pod="${pod}"`,
    ].join('\n');
  }).join('\n')}\n`;
}

/** containerd's own log line for the same failure (logrus text format). */
export function containerdErrLogOsMismatch(sandboxId: string): string {
  return `${Array.from({ length: 4 }, (_, k) => `time="${plus('08:11:05', k * 284).replace('Z', '.0941122Z')}" level=error msg="RunPodSandbox for &PodSandboxMetadata{Name:legacy-api-…,Namespace:win,Attempt:0,} failed, error" error="failed to start sandbox \\"${sandboxId}\\": failed to create containerd task: failed to create shim task: hcs::CreateComputeSystem ${sandboxId}: The container operating system does not match the host operating system.: unknown"`).join('\n')}\n`;
}

/** `Get-HnsEndpoint | ConvertTo-Json` on the node with HNS trouble: a stale endpoint for an IP no pod owns. */
export function hnsEndpointsJson(staleIp: string, liveIps: string[]): string {
  const endpoint = (ip: string, i: number, stale: boolean) => ({
    ID: `${stale ? 'E4A2C1F0' : `0B${i}1D9C7`}-6F3B-4E8D-9A21-${String(300_000_000_000 + i * 7_919).slice(0, 12)}`,
    Name: stale ? 'Ethernet' : `${ip.replace(/\./g, '_')}_ep`,
    IPAddress: ip,
    MacAddress: `00-15-5D-6E-${(40 + i).toString(16).toUpperCase()}-${(10 + i * 3).toString(16).toUpperCase().padStart(2, '0')}`,
    VirtualNetworkName: 'azure',
    State: stale ? 2 : 3,
    SharedContainers: stale ? [] : [`container-${i}`],
  });
  return `${JSON.stringify([...liveIps.map((ip, i) => endpoint(ip, i, false)), endpoint(staleIp, 9, true)], null, 2)}\n`;
}

/** What AKS's collect-windows-logs.ps1 prints when it finishes (the archive it leaves in the current directory). */
export function collectWindowsLogsOutput(node: string): string {
  const stamp = at('08:29:12').replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return [
    `Collecting logs for ${node}`,
    'Collecting kubelet, kube-proxy, containerd and CNI logs from C:\\k',
    'Exporting System and Application event logs',
    'Running C:\\k\\debug\\collectlogs.ps1',
    `Logs are available at C:\\k\\debug\\${stamp.slice(0, 8)}`,
    '',
    '    Directory: C:\\k\\debug',
    '',
    'Mode                 LastWriteTime         Length Name',
    '----                 -------------         ------ ----',
    `-a----          3/4/2025   8:29 AM       18244716 ${node.toUpperCase()}-${stamp}_logs.zip`,
    '',
  ].join('\n');
}
