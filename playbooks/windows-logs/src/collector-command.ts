/** Full path of Windows PowerShell on the host: the HostProcess base image has no OS binaries of its own. */
export const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

/** AKS node logs (C:\k, with .err.log companions) the collector tails, most telling first. */
export const NODE_LOG_FILES = [
  'C:\\k\\kubeproxy.err.log',
  'C:\\k\\kubelet.err.log',
  'C:\\k\\containerd.err.log',
  'C:\\k\\containerd.log',
  'C:\\k\\azure-vnet.log',
  'C:\\k\\csi-proxy.err.log',
] as const;

/** Lines kept from the end of each log file and event log: bounds the pod's output (~1 MB). */
export const TAIL_LINES = 300;

/**
 * The HostProcess collector's command: PowerShell by full path printing, under `==> <source> <==`
 * headers, the tails of the node logs written within the window, System event log entries of
 * warning level and above from the window, and the HNS endpoints and networks as JSON. Reads only;
 * downloads nothing onto the node.
 */
export function collectorCommand(windowMinutes: number): string[] {
  const files = NODE_LOG_FILES.map((f) => `'${f}'`).join(',');
  const script = [
    "$ErrorActionPreference = 'Continue'",
    `$since = (Get-Date).AddMinutes(-${Math.trunc(windowMinutes)})`,
    `foreach ($f in @(${files})) { if ((Test-Path -LiteralPath $f) -and ((Get-Item -LiteralPath $f).LastWriteTime -ge $since)) { "==> $f <=="; Get-Content -LiteralPath $f -Tail ${TAIL_LINES} } }`,
    `'==> System event log <=='; Get-WinEvent -FilterHashtable @{LogName='System'; Level=1,2,3; StartTime=$since} -MaxEvents ${TAIL_LINES} -ErrorAction SilentlyContinue | ForEach-Object { '{0:o} {1} {2} {3}: {4}' -f $_.TimeCreated, $_.LevelDisplayName, $_.ProviderName, $_.Id, ($_.Message -replace '\\s+', ' ') }`,
    "if (Get-Command Get-HnsEndpoint -ErrorAction SilentlyContinue) { '==> Get-HnsEndpoint <=='; ConvertTo-Json -Depth 3 -InputObject @(Get-HnsEndpoint | Select-Object ID,Name,IPAddress,VirtualNetworkName,State,SharedContainers) }",
    "if (Get-Command Get-HnsNetwork -ErrorAction SilentlyContinue) { '==> Get-HnsNetwork <=='; ConvertTo-Json -Depth 3 -InputObject @(Get-HnsNetwork | Select-Object ID,Name,Type,State) }",
  ].join('; ');
  return [POWERSHELL, '-NoProfile', '-NonInteractive', '-Command', script];
}
