/** Full path of Windows PowerShell on the host: the HostProcess base image has no OS binaries of its own. */
export const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

/** Windows' own bsdtar (Windows Server 2019 and later): packs the archive and streams it out. */
export const TAR = 'C:\\Windows\\System32\\tar.exe';

/** Where archives are written on the node (AKS's debug directory; Triage never writes elsewhere). */
export const ARCHIVE_DIRECTORY = 'C:\\k\\debug';

/** AKS node logs (C:\k, with .err.log companions) the collector reads, most telling first. */
export const NODE_LOG_FILES = [
  'C:\\k\\kubeproxy.err.log',
  'C:\\k\\kubelet.err.log',
  'C:\\k\\containerd.err.log',
  'C:\\k\\containerd.log',
  'C:\\k\\kubelet.log',
  'C:\\k\\kubeproxy.log',
  'C:\\k\\azure-vnet.log',
  'C:\\k\\csi-proxy.err.log',
  'C:\\k\\csi-proxy.log',
] as const;

/** crictl where AKS and the containerd MSI put it; the first that exists is used. */
export const CRICTL_PATHS = ['C:\\k\\crictl.exe', 'C:\\Program Files\\containerd\\crictl.exe'] as const;
export const CTR_PATH = 'C:\\Program Files\\containerd\\ctr.exe';
/** SDN's collectlogs.ps1, which AKS stages with its helpers (so it runs offline). */
export const COLLECTLOGS_SCRIPT = 'C:\\k\\debug\\collectlogs.ps1';

/** Lines per source printed to stdout (the analysis reads these): bounds the exec output (~1 MB). */
export const TAIL_LINES = 300;
/** Lines per source kept in the archive; event log entries per log, too. */
export const ARCHIVE_LINES = 5000;

/** Marker in the script that the simulator's exec rules (and people reading process lists) can find. */
export const COLLECTOR_MARKER = 'triage-collector/2';

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The collector, run by exec in the HostProcess pod: PowerShell by full path that writes every
 * source into `C:\k\debug\triage-<time>\`, packs that directory into `…\triage-<time>.tar` with
 * Windows' tar.exe and prints, under `==> <source> <==` headers, the last {@link TAIL_LINES} lines
 * of each source and finally an `==> archive <==` section (`<path>\t<bytes>`, then each member and
 * its size). Sources: node logs in C:\k written within the window; System, Application and WinNAT
 * (Microsoft-Windows-WinNat/Oper) event log entries of warning level and above from the window, and
 * the node services' Service Control Manager 7036 (stopped/running) entries; IP configuration, routes, excluded and
 * dynamic port ranges (netsh); HNS endpoints, networks and policies; containerd's containers and
 * images (crictl / ctr when present); SDN's collectlogs.ps1 when staged, for at most
 * `collectlogsSeconds`. Downloads nothing.
 */
export function collectorCommand(windowMinutes: number, collectlogsSeconds: number): string[] {
  const files = NODE_LOG_FILES.map(quote).join(',');
  const crictl = CRICTL_PATHS.map(quote).join(',');
  const tsv = '"$($_.FullName.Substring($dir.Length + 1))`t$($_.Length)"';
  const script = [
    `$collector = '${COLLECTOR_MARKER}'`,
    "$ErrorActionPreference = 'Continue'",
    `$since = (Get-Date).AddMinutes(-${Math.trunc(windowMinutes)})`,
    `$dir = ${quote(`${ARCHIVE_DIRECTORY}\\triage-`)} + (Get-Date -Format 'yyyyMMdd-HHmmss')`,
    'New-Item -ItemType Directory -Force -Path $dir | Out-Null',
    // Each source: all of it (bounded) into the archive, its tail to stdout for the analysis.
    // Get-WinEvent returns newest first: the queries sort oldest first so that the tail is the newest.
    `function Out-Section([string]$name, [string]$file, [scriptblock]$body) { $lines = @(& $body 2>&1 | ForEach-Object { "$_" }); $lines | Select-Object -Last ${ARCHIVE_LINES} | Set-Content -LiteralPath (Join-Path $dir $file) -Encoding UTF8; "==> $name <=="; $lines | Select-Object -Last ${TAIL_LINES} }`,
    `foreach ($f in @(${files})) { if ((Test-Path -LiteralPath $f) -and ((Get-Item -LiteralPath $f).LastWriteTime -ge $since)) { Out-Section $f (Split-Path $f -Leaf) { Get-Content -LiteralPath $f -Tail ${ARCHIVE_LINES} } } }`,
    `foreach ($log in @('System','Application','Microsoft-Windows-WinNat/Oper')) { Out-Section "$log event log" "$($log -replace '[\\/]', '-')-events.txt" { Get-WinEvent -FilterHashtable @{LogName=$log; Level=1,2,3; StartTime=$since} -MaxEvents ${ARCHIVE_LINES} -ErrorAction SilentlyContinue | Sort-Object TimeCreated | ForEach-Object { '{0:o} {1} {2} {3}: {4}' -f $_.TimeCreated, $_.LevelDisplayName, $_.ProviderName, $_.Id, ($_.Message -replace '\\s+', ' ') } } }`,
    // 7036 (a service entered the stopped/running state) is informational: only the node services' ones.
    `Out-Section 'Service Control Manager 7036' 'scm-7036.txt' { Get-WinEvent -FilterHashtable @{LogName='System'; ProviderName='Service Control Manager'; Id=7036; StartTime=$since} -MaxEvents ${ARCHIVE_LINES} -ErrorAction SilentlyContinue | Sort-Object TimeCreated | Where-Object { $_.Message -match 'kubelet|kubeproxy|kube-proxy|containerd|csi-proxy|Host Network' } | ForEach-Object { '{0:o} {1} {2} {3}: {4}' -f $_.TimeCreated, $_.LevelDisplayName, $_.ProviderName, $_.Id, ($_.Message -replace '\\s+', ' ') } }`,
    "Out-Section 'ipconfig /all' 'ipconfig.txt' { & 'C:\\Windows\\System32\\ipconfig.exe' /all }",
    "Out-Section 'route print' 'routes.txt' { & 'C:\\Windows\\System32\\ROUTE.EXE' print }",
    "Out-Section 'netsh port ranges' 'port-ranges.txt' { foreach ($p in @('tcp','udp')) { & 'C:\\Windows\\System32\\netsh.exe' int ipv4 show excludedportrange protocol=$p; & 'C:\\Windows\\System32\\netsh.exe' int ipv4 show dynamicport $p } }",
    "if (Get-Command Get-HnsEndpoint -ErrorAction SilentlyContinue) { Out-Section 'Get-HnsEndpoint' 'hns-endpoints.json' { ConvertTo-Json -Depth 3 -InputObject @(Get-HnsEndpoint | Select-Object ID,Name,IPAddress,VirtualNetworkName,State,SharedContainers) } }",
    "if (Get-Command Get-HnsNetwork -ErrorAction SilentlyContinue) { Out-Section 'Get-HnsNetwork' 'hns-networks.json' { ConvertTo-Json -Depth 3 -InputObject @(Get-HnsNetwork | Select-Object ID,Name,Type,State) } }",
    "if (Get-Command Get-HnsPolicyList -ErrorAction SilentlyContinue) { Out-Section 'Get-HnsPolicyList' 'hns-policies.json' { ConvertTo-Json -Depth 4 -InputObject @(Get-HnsPolicyList) } }",
    `$crictl = @(${crictl}) | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1`,
    "if ($crictl) { $cri = 'npipe:////./pipe/containerd-containerd'; Out-Section 'crictl ps -a' 'crictl-ps.txt' { & $crictl --runtime-endpoint $cri ps -a }; Out-Section 'crictl images' 'crictl-images.txt' { & $crictl --runtime-endpoint $cri images } }",
    `$ctr = ${quote(CTR_PATH)}; if (Test-Path -LiteralPath $ctr) { Out-Section 'ctr containers' 'ctr-containers.txt' { & $ctr -n k8s.io containers list }; Out-Section 'ctr images' 'ctr-images.txt' { & $ctr -n k8s.io images list } }`,
    // collectlogs.ps1 writes its files into the current directory: the archive takes them along.
    `$sdn = ${quote(COLLECTLOGS_SCRIPT)}; if (Test-Path -LiteralPath $sdn) { $out = Join-Path $dir 'collectlogs'; New-Item -ItemType Directory -Force -Path $out | Out-Null; Out-Section $sdn 'collectlogs-output.txt' { $job = Start-Job -ScriptBlock { param($s, $d) Set-Location -LiteralPath $d; & $s *>&1 } -ArgumentList $sdn, $out; if (-not (Wait-Job $job -Timeout ${Math.trunc(collectlogsSeconds)})) { Stop-Job $job; 'collectlogs.ps1 did not finish within ${Math.trunc(collectlogsSeconds)} s and was stopped' }; Receive-Job $job; Remove-Job $job -Force } }`,
    `$tarPath = "$dir.tar"; & ${quote(TAR)} -cf $tarPath -C $dir . 2>&1 | Out-Null`,
    `'==> archive <=='; if (Test-Path -LiteralPath $tarPath) { "$tarPath\`t$((Get-Item -LiteralPath $tarPath).Length)"; Get-ChildItem -LiteralPath $dir -Recurse -File | ForEach-Object { ${tsv} } }`,
    'Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue',
  ].join('; ');
  return [POWERSHELL, '-NoProfile', '-NonInteractive', '-Command', script];
}

/** The pod's own command: stay alive (as SYSTEM, doing nothing) until the deadline, while Triage execs into it. */
export function keepAliveCommand(deadlineSeconds: number): string[] {
  return [
    POWERSHELL,
    '-NoProfile',
    '-NonInteractive',
    '-Command',
    `Start-Sleep -Seconds ${Math.trunc(deadlineSeconds)}`,
  ];
}

/** Removes an archive once it is copied out; the path is one the collector reported (checked by the caller). */
export function removeArchiveCommand(path: string): string[] {
  return [
    POWERSHELL,
    '-NoProfile',
    '-NonInteractive',
    '-Command',
    `Remove-Item -LiteralPath ${quote(path)} -Force`,
  ];
}
