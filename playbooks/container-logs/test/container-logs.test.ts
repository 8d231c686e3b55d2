import type { LogAnalytics, LogQueryOptions, LogQueryResult, LogTable } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { ContainerLogsError, containerLogsErrorCodes, isRetryableLogError } from '../src/errors.js';
import { contextFor, runContainerLogs } from './playbook-context.js';

const columns = [
  'TimeGenerated',
  'PodNamespace',
  'PodName',
  'ContainerName',
  'LogSource',
  'Computer',
  'Message',
].map((name) => ({ name, type: name === 'TimeGenerated' ? 'datetime' : 'string' }));
const table = (rows: unknown[][], extra: LogTable['columns'] = []): LogTable => ({
  name: 'PrimaryResult',
  columns: [...columns, ...extra],
  rows,
});
const errorRows = [
  [
    '2026-11-22T10:01:00.000Z',
    'web',
    'checkout-1',
    'app',
    'stderr',
    'aks-np1-0',
    'timeout after 100ms to 10.0.0.1',
  ],
  [
    '2026-11-22T10:02:00.000Z',
    'web',
    'checkout-1',
    'app',
    'stderr',
    'aks-np1-0',
    'timeout after 250ms to 10.0.0.2',
  ],
  [
    '2026-11-22T10:03:00.000Z',
    'web',
    'checkout-1',
    'app',
    'stderr',
    'aks-np1-0',
    'Unhandled exception: Password=hunter2',
  ],
];

/** Answers by the template the query came from; records every call. */
function scriptedLogs(answers: {
  probe: LogQueryResult | Error;
  errors?: LogQueryResult;
  iis?: LogQueryResult;
  /** Any other query (volume, inventory, alert, raw); empty by default. */
  other?: (kql: string, workspace: string | undefined) => LogQueryResult | undefined;
}) {
  const calls: { kql: string; options: LogQueryOptions; workspace?: string | undefined }[] = [];
  const empty: LogQueryResult = { tables: [table([])] };
  const logs: LogAnalytics = {
    async query(workspace, kql, options) {
      calls.push({ kql, options, ...(workspace !== undefined && { workspace }) });
      if (kql === 'ContainerLogV2\n| take 1') {
        if (answers.probe instanceof Error) throw answers.probe;
        return answers.probe;
      }
      if (kql.includes('Status >= 500')) return answers.iis ?? empty;
      if (kql.includes('| where Message matches regex')) return answers.errors ?? empty;
      return answers.other?.(kql, workspace) ?? empty;
    },
  };
  return { logs, calls };
}
const v2 = { tables: [table([errorRows[0] as unknown[]])] };

describe('container-logs', () => {
  it('says logs are unavailable when no workspace is configured', async () => {
    const findings = await runContainerLogs(contextFor(), { namespace: 'web', pod: 'checkout-1' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'info', subject: 'pod/web/checkout-1' });
    expect(findings[0]?.title).toMatch(/no Log Analytics workspace/);
  });

  it('groups error lines by pattern, with examples, the query as evidence and every row as CSV', async () => {
    const { logs, calls } = scriptedLogs({ probe: v2, errors: { tables: [table(errorRows)] } });
    const [errors, iis] = await runContainerLogs(contextFor(logs), {
      namespace: 'web',
      pod: 'checkout-1',
      since: '6h',
    });
    expect(calls.map((c) => c.options.timespan)).toEqual(['P1D', ...Array(5).fill('PT21600S')]);
    expect(calls[1]?.kql).toMatch(/^ContainerLogV2\n/);
    expect(errors).toMatchObject({
      severity: 'warning',
      subject: 'pod/web/checkout-1',
      title: '3 error lines in pod web/checkout-1 over the last 6h, 2 patterns',
    });
    expect(errors?.detail).toContain('From ContainerLogV2');
    expect(errors?.detail).toMatch(/ {5}2 {2}2026-11-22T10:02:00 {5}1 {2}timeout after <n>ms to <ip>/);
    expect(errors?.evidence[0]).toEqual({
      source: 'log ContainerLogV2 pod/web/checkout-1/app',
      text: 'timeout after 250ms to 10.0.0.2 (2× between 2026-11-22T10:01:00.000Z and 2026-11-22T10:02:00.000Z)',
      at: '2026-11-22T10:02:00.000Z',
    });
    expect(errors?.evidence.at(-1)?.source).toBe(
      'query container-errors-v2 (Log Analytics, timespan PT21600S)',
    );
    expect(errors?.attachments?.[0]).toMatchObject({
      filename: 'container-errors-v2.csv',
      contentType: 'text/csv',
      encoding: 'utf8',
    });
    expect(errors?.attachments?.[0]?.content.split('\r\n')).toHaveLength(5);
    expect(iis).toMatchObject({
      severity: 'ok',
      title: 'No IIS requests answered 5xx in pod web/checkout-1 over the last 6h',
    });
  });

  it('falls back to ContainerLog joined with KubePodInventory when the workspace has no ContainerLogV2 rows', async () => {
    const { logs, calls } = scriptedLogs({
      probe: { tables: [table([])] },
      errors: { tables: [table(errorRows)] },
    });
    const [errors] = await runContainerLogs(contextFor(logs), { namespace: 'web', workload: 'checkout' });
    expect(calls[1]?.kql).toMatch(/^let containers = KubePodInventory\n/);
    expect(errors?.detail).toContain('From ContainerLog,');
    expect(errors?.title).toContain('workload web/checkout');
    expect(errors?.subject).toBe('namespace/web');
  });

  it('uses a partial result and says it is partial', async () => {
    const { logs } = scriptedLogs({
      probe: v2,
      errors: {
        tables: [table(errorRows)],
        partialError: 'PartialError: query exceeded the 64 MB result size',
      },
      iis: { tables: [table([])], partialError: 'PartialError: timed out on one shard' },
    });
    const [errors, iis] = await runContainerLogs(contextFor(logs), { namespace: 'web' });
    expect(errors?.severity).toBe('warning');
    expect(errors?.detail).toContain(
      'Partial result: Log Analytics returned only part of the data (PartialError: query exceeded',
    );
    expect(iis?.severity).toBe('warning');
    expect(iis?.detail).toContain('timed out on one shard');
  });

  it('reports IIS lines answered 5xx with their status', async () => {
    const iisRow = [
      '2026-11-22T10:05:00.000Z',
      'shop',
      'iis-0',
      'iis',
      'stdout',
      'akswin000000',
      '2026-11-22 10:05:00 10.0.0.5 GET /api/orders - 80 - 10.0.0.9 Mozilla/5.0 - 500 0 0 123',
      500,
    ];
    const { logs } = scriptedLogs({
      probe: v2,
      iis: { tables: [table([iisRow], [{ name: 'Status', type: 'int' }])] },
    });
    const [, iis] = await runContainerLogs(contextFor(logs), { namespace: 'shop', pod: 'iis-0' });
    expect(iis?.title).toBe('1 IIS requests answered 5xx in pod shop/iis-0 over the last 1h, 1 pattern');
    expect(iis?.attachments?.[0]?.content).toContain(',500\r\n');
  });

  it('says when the row limit was reached', async () => {
    const many = Array.from({ length: 500 }, (_, i) => [
      `2026-11-22T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
      'web',
      'p',
      'c',
      'stderr',
      'n',
      `error ${i}`,
    ]);
    const { logs } = scriptedLogs({ probe: v2, errors: { tables: [table(many)] } });
    const [errors] = await runContainerLogs(contextFor(logs), { namespace: 'web' });
    expect(errors?.detail).toContain('(the newest 500; there may be more)');
  });

  it('lets a failed query fail the run, so the runner can retry it', async () => {
    const { logs } = scriptedLogs({ probe: new Error('HTTP 503') });
    await expect(runContainerLogs(contextFor(logs), { namespace: 'web' })).rejects.toThrow(/503/);
  });

  it('re-runs a log search alert’s own query over the alert window, bounded, before the pod’s templates', async () => {
    const alertRows: LogTable = {
      name: 'PrimaryResult',
      columns: [
        { name: 'PodName', type: 'string' },
        { name: 'Count', type: 'long' },
      ],
      rows: [['iis-site-1', 17]],
    };
    const { logs, calls } = scriptedLogs({
      probe: v2,
      other: (kql) =>
        kql.startsWith('ContainerLogV2 | where LogMessage has') ? { tables: [alertRows] } : undefined,
    });
    const trigger = {
      source: 'azure-monitor' as const,
      name: 'IIS answers 5xx',
      labels: { alertRule: 'IIS answers 5xx', PodName: 'iis-site-1', PodNamespace: 'win' },
      annotations: {
        searchQuery: 'ContainerLogV2 | where LogMessage has " 500 " | summarize Count = count() by PodName;',
        windowStartTime: '2026-11-22T10:10:00Z',
        windowEndTime: '2026-11-22T10:15:00Z',
      },
    };
    const findings = await runContainerLogs(contextFor(logs, trigger), { subject: 'pod/win/iis-site-1' });
    expect(calls[0]).toMatchObject({
      kql: 'ContainerLogV2 | where LogMessage has " 500 " | summarize Count = count() by PodName\n| take 500',
      options: { timespan: '2026-11-22T10:10:00.000Z/2026-11-22T10:15:00.000Z', rowLimit: 500 },
    });
    expect(findings[0]).toMatchObject({
      severity: 'warning',
      subject: 'pod/win/iis-site-1',
      title:
        'Log search alert "IIS answers 5xx": its query returns 1 row over 2026-11-22T10:10:00.000Z to 2026-11-22T10:15:00.000Z',
    });
    expect(findings[0]?.detail).toMatch(/PodName +Count\niis-site-1 +17/);
    expect(findings[0]?.attachments?.[0]).toMatchObject({
      filename: 'log-search-alert.csv',
      content: 'PodName,Count\r\niis-site-1,17\r\n',
    });
    expect(findings[0]?.evidence[0]?.source).toBe(
      'query of the log search alert (Log Analytics, timespan 2026-11-22T10:10:00.000Z/2026-11-22T10:15:00.000Z)',
    );
    expect(findings.slice(1).map((f) => f.title)).toEqual([
      'No error lines in pod win/iis-site-1 over the last 1h',
      'No IIS requests answered 5xx in pod win/iis-site-1 over the last 1h',
      'No log lines of pod win/iis-site-1 over the last 1h',
      'No KubePodInventory records of pod win/iis-site-1 over the last 1h',
      'No Warning events about pod win/iis-site-1 in KubeEvents over the last 1h',
    ]);
  });

  it('re-runs only the alert query for an alert about the whole cluster, over the look-back when it has no window', async () => {
    const { logs, calls } = scriptedLogs({ probe: v2 });
    const trigger = {
      source: 'azure-monitor' as const,
      annotations: { searchQuery: 'KubeEvents | where Reason == "BackOff"' },
    };
    const findings = await runContainerLogs(contextFor(logs, trigger), { subject: 'cluster', since: '2h' });
    expect(calls.map((c) => c.options.timespan)).toEqual(['PT7200S']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'ok',
      subject: 'cluster',
      title: 'Log search alert "run container-logs": its query returns no rows over the last 2h now',
    });
  });

  it('reads a node’s status history for a node subject and warns when the latest status lacks Ready', async () => {
    const nodeTable: LogTable = {
      name: 'PrimaryResult',
      columns: [
        'TimeGenerated',
        'Computer',
        'Status',
        'LastTransitionTimeReady',
        'KubeletVersion',
        'OperatingSystem',
        'Previous',
      ].map((name) => ({ name, type: 'string' })),
      rows: [
        [
          '2026-11-22T10:20:00Z',
          'aks-np1-0',
          'MemoryPressure',
          '2026-11-22T10:19:00Z',
          'v1.30.3',
          'Ubuntu',
          'Ready',
        ],
        ['2026-11-22T09:00:00Z', 'aks-np1-0', 'Ready', '2026-11-20T08:00:00Z', 'v1.30.3', 'Ubuntu', ''],
      ],
    };
    const { logs, calls } = scriptedLogs({
      probe: v2,
      other: (kql) => (kql.startsWith('KubeNodeInventory\n') ? { tables: [nodeTable] } : undefined),
    });
    const [finding, ...rest] = await runContainerLogs(contextFor(logs), {
      subject: 'node/aks-np1-0',
      since: '1d',
    });
    expect(rest).toHaveLength(0);
    expect(calls[0]?.kql).toContain('| where Computer == "aks-np1-0"');
    expect(finding).toMatchObject({
      severity: 'warning',
      subject: 'node/aks-np1-0',
      title:
        'Node aks-np1-0 in KubeNodeInventory: 2 status changes over the last 1d, latest MemoryPressure (not Ready)',
    });
  });

  it('runs only the raw query when kql is given, and names who asked', async () => {
    const { logs, calls } = scriptedLogs({ probe: v2 });
    const findings = await runContainerLogs(contextFor(logs, { requestedBy: 'U024BE7LH' }), {
      kql: 'ContainerLogV2 | take 100000',
      since: '30m',
    });
    expect(calls).toEqual([
      {
        kql: 'ContainerLogV2 | take 100000\n| take 500',
        options: expect.objectContaining({ timespan: 'PT1800S', rowLimit: 500 }),
      },
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.title).toBe('Raw KQL by U024BE7LH: no rows over the last 30m');
    expect(findings[0]?.evidence[0]?.source).toBe('raw KQL by U024BE7LH (Log Analytics, timespan PT1800S)');
  });

  it('refuses a raw control command with a coded error', async () => {
    const { logs } = scriptedLogs({ probe: v2 });
    await expect(runContainerLogs(contextFor(logs), { kql: '  .show tables' })).rejects.toMatchObject({
      code: 'TRIAGE_ERR_CONTAINER_LOGS_BAD_QUERY',
    });
  });

  describe('where a log search alert query runs', () => {
    const cluster =
      '/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/aks-prod';
    const trigger = {
      source: 'azure-monitor' as const,
      labels: { alertRule: 'BackOff events', azureResourceId: cluster },
      annotations: { searchQuery: 'KubeEvents | where Reason == "BackOff"' },
    };

    it('runs it on the alert’s target resource, as the rule did', async () => {
      const { logs, calls } = scriptedLogs({ probe: v2 });
      const [finding] = await runContainerLogs(contextFor(logs, trigger), { subject: 'cluster' });
      expect(calls.map((c) => c.workspace)).toEqual([cluster]);
      expect(finding?.detail).toContain(`re-run on the alert's resource ${cluster} over the last 1h`);
    });

    it('falls back to the configured workspace, saying so, when the resource denies Triage', async () => {
      const { logs, calls } = scriptedLogs({
        probe: v2,
        other: (_kql, workspace) => {
          if (workspace === cluster)
            throw new ContainerLogsError(containerLogsErrorCodes.accessDenied, 'denied (HTTP 403)');
          return undefined;
        },
      });
      const [finding] = await runContainerLogs(contextFor(logs, trigger), { subject: 'cluster' });
      expect(calls.map((c) => c.workspace)).toEqual([cluster, undefined]);
      expect(finding?.detail).toContain(
        `re-run on the configured workspace (Triage may not query the alert's resource ${cluster}: denied (HTTP 403)`,
      );
    });

    it('lets a transient failure on the resource fail the run, for the runner to retry', async () => {
      const { logs } = scriptedLogs({
        probe: v2,
        other: () => {
          throw new ContainerLogsError(containerLogsErrorCodes.unavailable, 'HTTP 503');
        },
      });
      await expect(runContainerLogs(contextFor(logs, trigger), { subject: 'cluster' })).rejects.toSatisfy(
        isRetryableLogError,
      );
    });

    it('uses the workspace the params name instead', async () => {
      const workspace = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
      const { logs, calls } = scriptedLogs({ probe: v2 });
      await runContainerLogs(contextFor(logs, trigger), { subject: 'cluster', workspace });
      expect(calls.map((c) => c.workspace)).toEqual([workspace]);
    });
  });
});
