import type { LogAnalytics, LogQueryResult } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { detectContainerLogTable } from '../src/container-log-table.js';
import { ContainerLogsError, containerLogsErrorCodes } from '../src/errors.js';

function fakeLogs(answer: () => Promise<LogQueryResult>) {
  const calls: { workspaceId: string | undefined; kql: string }[] = [];
  const logs: LogAnalytics = {
    query: async (workspaceId, kql) => {
      calls.push({ workspaceId, kql });
      return answer();
    },
  };
  return { logs, calls };
}

const oneRow: LogQueryResult = {
  tables: [{ name: 'PrimaryResult', columns: [{ name: 'PodName', type: 'string' }], rows: [['web-1']] }],
};
const noRows: LogQueryResult = { tables: [{ name: 'PrimaryResult', columns: [], rows: [] }] };
const at = (iso: string) => () => new Date(iso);

describe('detectContainerLogTable', () => {
  it('says v2 when ContainerLogV2 has a row, and asks once per workspace', async () => {
    const { logs, calls } = fakeLogs(async () => oneRow);
    const now = at('2026-11-22T10:00:00Z');
    expect(await detectContainerLogTable(logs, 'ws-1', { now })).toBe('v2');
    expect(await detectContainerLogTable(logs, 'ws-1', { now })).toBe('v2');
    expect(calls).toEqual([{ workspaceId: 'ws-1', kql: 'ContainerLogV2\n| take 1' }]);
    await detectContainerLogTable(logs, 'ws-2', { now });
    expect(calls.map((c) => c.workspaceId)).toEqual(['ws-1', 'ws-2']);
  });

  it('says legacy when ContainerLogV2 is empty', async () => {
    const { logs } = fakeLogs(async () => noRows);
    expect(await detectContainerLogTable(logs, undefined, { now: at('2026-11-22T10:00:00Z') })).toBe(
      'legacy',
    );
  });

  it('says legacy when the workspace has no ContainerLogV2 table (400 SemanticError)', async () => {
    const { logs } = fakeLogs(async () => {
      throw new ContainerLogsError(
        containerLogsErrorCodes.queryFailed,
        "Log Analytics query on workspace w HTTP 400 (BadArgumentError): Failed to resolve table or column expression named 'ContainerLogV2'",
      );
    });
    expect(await detectContainerLogTable(logs, 'w', { now: at('2026-11-22T10:00:00Z') })).toBe('legacy');
  });

  it('does not keep a failure: the next call asks again', async () => {
    let fail = true;
    const { logs, calls } = fakeLogs(async () => {
      if (fail)
        throw new ContainerLogsError(containerLogsErrorCodes.queryFailed, 'HTTP 503 (ServiceUnavailable)');
      return oneRow;
    });
    const now = at('2026-11-22T10:00:00Z');
    await expect(detectContainerLogTable(logs, 'w', { now })).rejects.toThrow(/503/);
    fail = false;
    expect(await detectContainerLogTable(logs, 'w', { now })).toBe('v2');
    expect(calls).toHaveLength(2);
  });

  it('asks again after an hour, since V2 may have been enabled meanwhile', async () => {
    let answer = noRows;
    const { logs, calls } = fakeLogs(async () => answer);
    expect(await detectContainerLogTable(logs, 'w', { now: at('2026-11-22T10:00:00Z') })).toBe('legacy');
    answer = oneRow;
    expect(await detectContainerLogTable(logs, 'w', { now: at('2026-11-22T10:59:00Z') })).toBe('legacy');
    expect(await detectContainerLogTable(logs, 'w', { now: at('2026-11-22T11:00:01Z') })).toBe('v2');
    expect(calls).toHaveLength(2);
  });
});
