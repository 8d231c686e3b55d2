import { describe, expect, it } from 'vitest';
import { windowsLogsParams } from '../src/params.js';
import { windowsLogsTriggers } from '../src/triggers.js';

describe('windows-logs params', () => {
  it('defaults the window to 60 minutes and takes the node from a route subject', () => {
    expect(windowsLogsParams.parse({ node: 'aksnpwin000000' })).toEqual({
      node: 'aksnpwin000000',
      windowMinutes: 60,
    });
    expect(windowsLogsParams.parse({ subject: 'node/aksnpwin000001', windowMinutes: '120' })).toEqual({
      node: 'aksnpwin000001',
      windowMinutes: 120,
    });
  });

  it('rejects windows past a day and names that are not node names', () => {
    expect(windowsLogsParams.safeParse({ node: 'aksnpwin000000', windowMinutes: 1441 }).success).toBe(false);
    expect(windowsLogsParams.safeParse({ node: 'aksnpwin000000', windowMinutes: 0 }).success).toBe(false);
    const bad = windowsLogsParams.safeParse({ node: 'C:\\k\\..\\x' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('node must be a Kubernetes node name (DNS-1123 subdomain)');
  });

  it('maps a node subject of a Windows alert to the node, and nothing else', () => {
    const trigger = windowsLogsTriggers.find((t) => t.names.includes('WindowsServerServiceStatus'));
    const signal = {} as Parameters<NonNullable<typeof trigger>['params']>[0];
    expect(trigger?.params(signal, { kind: 'node', name: 'aksnpwin000000' })).toEqual({
      node: 'aksnpwin000000',
    });
    expect(trigger?.params(signal, { kind: 'cluster' })).toBeUndefined();
  });
});
