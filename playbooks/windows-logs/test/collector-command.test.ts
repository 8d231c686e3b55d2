import { describe, expect, it } from 'vitest';
import { collectorCommand, NODE_LOG_FILES, POWERSHELL, TAIL_LINES } from '../src/collector-command.js';

describe('collector command', () => {
  const [exe, ...args] = collectorCommand(90);
  const script = args.at(-1) ?? '';

  it('calls the host PowerShell by full path, without a profile', () => {
    expect(exe).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(exe).toBe(POWERSHELL);
    expect(args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
  });

  it('tails every node log written within the window, bounded by line count', () => {
    for (const file of NODE_LOG_FILES) expect(script).toContain(`'${file}'`);
    expect(script).toContain('$since = (Get-Date).AddMinutes(-90)');
    expect(script).toContain(`Get-Content -LiteralPath $f -Tail ${TAIL_LINES}`);
    expect(script).toContain(`-MaxEvents ${TAIL_LINES}`);
  });

  it('prints HNS endpoints as JSON under the header the analysis reads, and downloads nothing', () => {
    expect(script).toContain("'==> Get-HnsEndpoint <=='");
    expect(script).toContain('ConvertTo-Json');
    expect(script).not.toMatch(/Invoke-WebRequest|Start-BitsTransfer|https?:\/\//i);
  });
});
