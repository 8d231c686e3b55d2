import { describe, expect, it } from 'vitest';
import {
  ARCHIVE_LINES,
  COLLECTOR_MARKER,
  collectorCommand,
  keepAliveCommand,
  NODE_LOG_FILES,
  POWERSHELL,
  removeArchiveCommand,
  TAIL_LINES,
} from '../src/collector-command.js';

describe('collector command', () => {
  const [exe, ...args] = collectorCommand(90, 40);
  const script = args.at(-1) ?? '';

  it('calls the host PowerShell by full path, without a profile', () => {
    expect(exe).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(exe).toBe(POWERSHELL);
    expect(args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    expect(script.startsWith(`$collector = '${COLLECTOR_MARKER}'`)).toBe(true);
  });

  it('reads every node log written within the window, bounded by line counts for stdout and the archive', () => {
    for (const file of NODE_LOG_FILES) expect(script).toContain(`'${file}'`);
    expect(script).toContain('$since = (Get-Date).AddMinutes(-90)');
    expect(script).toContain(`Get-Content -LiteralPath $f -Tail ${ARCHIVE_LINES}`);
    expect(script).toContain(`Select-Object -Last ${TAIL_LINES}`);
    expect(script).toContain(`-MaxEvents ${ARCHIVE_LINES}`);
  });

  it('collects System, Application and WinNAT event logs of warning level and above from the window', () => {
    expect(script).toContain("foreach ($log in @('System','Application','Microsoft-Windows-WinNat/Oper'))");
    expect(script).toContain('Level=1,2,3; StartTime=$since');
    // Get-WinEvent lists newest first; the stdout tail must keep the newest entries.
    expect(script.match(/-ErrorAction SilentlyContinue \| Sort-Object TimeCreated \|/g)).toHaveLength(2);
  });

  it("adds the node services' Service Control Manager 7036 entries, which are informational", () => {
    expect(script).toContain("ProviderName='Service Control Manager'; Id=7036; StartTime=$since");
    expect(script).toContain(
      "$_.Message -match 'kubelet|kubeproxy|kube-proxy|containerd|csi-proxy|Host Network'",
    );
  });

  it('reads network state and containerd through host tools by full path', () => {
    for (const tool of [
      "& 'C:\\Windows\\System32\\ipconfig.exe' /all",
      "& 'C:\\Windows\\System32\\ROUTE.EXE' print",
      "& 'C:\\Windows\\System32\\netsh.exe' int ipv4 show excludedportrange protocol=$p",
      "& 'C:\\Windows\\System32\\netsh.exe' int ipv4 show dynamicport $p",
      "'C:\\k\\crictl.exe','C:\\Program Files\\containerd\\crictl.exe'",
      "$ctr = 'C:\\Program Files\\containerd\\ctr.exe'",
    ])
      expect(script).toContain(tool);
    expect(script).toContain("Out-Section 'Get-HnsEndpoint'");
  });

  it('runs a staged collectlogs.ps1 only when present and stops it after its budget', () => {
    expect(script).toContain("$sdn = 'C:\\k\\debug\\collectlogs.ps1'; if (Test-Path -LiteralPath $sdn)");
    expect(script).toContain('Wait-Job $job -Timeout 40');
  });

  it('packs everything into one tar under C:\\k\\debug with tar.exe and lists it last, downloading nothing', () => {
    expect(script).toContain("$dir = 'C:\\k\\debug\\triage-' + (Get-Date -Format 'yyyyMMdd-HHmmss')");
    expect(script).toContain("& 'C:\\Windows\\System32\\tar.exe' -cf $tarPath -C $dir .");
    expect(script).toContain("'==> archive <=='");
    expect(script).not.toMatch(
      /Invoke-WebRequest|Invoke-RestMethod|Start-BitsTransfer|curl|wget|https?:\/\//i,
    );
  });

  it('keeps the pod alive with a sleep to the deadline, and removes a copied archive by literal path', () => {
    expect(keepAliveCommand(120).at(-1)).toBe('Start-Sleep -Seconds 120');
    expect(removeArchiveCommand('C:\\k\\debug\\triage-20250304-082940.tar').at(-1)).toBe(
      "Remove-Item -LiteralPath 'C:\\k\\debug\\triage-20250304-082940.tar' -Force",
    );
  });
});
