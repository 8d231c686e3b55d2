import { execFileSync } from 'node:child_process';
import type { Finding } from '@triage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChildOutput,
  type QueryAnswer,
  type QueryRequest,
  startLogAnalyticsEndpoint,
  testToken,
} from './support/log-analytics-endpoint.js';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
})();

const v2Workspace = '11111111-1111-1111-1111-111111111111';
const legacyWorkspace = '22222222-2222-2222-2222-222222222222';
const clusterResource =
  '/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg-aks-prod/providers/microsoft.containerservice/managedclusters/aks-prod';

const logColumns = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'PodNamespace', type: 'string' },
  { name: 'PodName', type: 'string' },
  { name: 'ContainerName', type: 'string' },
  { name: 'LogSource', type: 'string' },
  { name: 'Computer', type: 'string' },
  { name: 'Message', type: 'string' },
];
const ok = (columns: unknown[], rows: unknown[][]): QueryAnswer => ({
  status: 200,
  body: { tables: [{ name: 'PrimaryResult', columns, rows }] },
});
const iisLine = '2026-11-22 10:05:00 10.240.0.5 GET /api/orders - 80 - 10.240.0.9 Mozilla/5.0 - 500 0 0 1234';

let throttledOnce = 0;

// The service's answers, by workspace and query (formats from protocols.md §5.1).
function answer(req: QueryRequest): QueryAnswer {
  const { query } = req.body;
  if (query === 'print ok') {
    return ok(
      [
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'LogMessage', type: 'dynamic' },
        { name: 'Count', type: 'long' },
      ],
      [['2026-11-22T10:00:00.123Z', '{"level":"error","msg":"boom"}', 3]],
    );
  }
  if (query === 'print partial') {
    return {
      status: 200,
      body: {
        tables: [{ name: 'PrimaryResult', columns: [{ name: 'n', type: 'long' }], rows: [[1], [2]] }],
        error: {
          code: 'PartialError',
          message: 'There were some errors when processing your query.',
          details: [],
        },
      },
    };
  }
  if (query === 'print many') return ok([{ name: 'n', type: 'long' }], [[1], [2], [3], [4], [5]]);
  if (query === 'print throttled') {
    return {
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error: { code: 'ThrottledError', message: 'Too many requests' } },
    };
  }
  if (query === 'print throttled once') {
    throttledOnce += 1;
    return throttledOnce === 1
      ? {
          status: 429,
          headers: { 'retry-after': '1' },
          body: { error: { code: 'ThrottledError', message: 'Too many requests' } },
        }
      : ok([{ name: 'n', type: 'long' }], [[1]]);
  }
  if (query === 'print forbidden') {
    return {
      status: 403,
      body: {
        error: {
          code: 'InsufficientAccessError',
          message: 'The provided credentials have insufficient access',
        },
      },
    };
  }
  if (query === 'print window') return ok([{ name: 'n', type: 'long' }], [[1]]);
  if (query.endsWith('\n| take 500')) {
    // A raw query as the playbook bounds it.
    return ok(
      [
        { name: 'PodName', type: 'string' },
        { name: 'n', type: 'long' },
      ],
      [['iis-site-6d8f7b9c4-x7k2p', 12]],
    );
  }
  if (query.startsWith('KubePodInventory\n')) {
    return ok(
      [
        'Pod',
        'Container',
        'PodStatus',
        'ContainerStatus',
        'ContainerStatusReason',
        'ContainerLastStatus',
        'Computer',
        'FirstSeen',
        'LastSeen',
        'Restarts',
      ].map((name) => ({
        name,
        type: name.endsWith('Seen') ? 'datetime' : name === 'Restarts' ? 'int' : 'string',
      })),
      [
        [
          'iis-site-6d8f7b9c4-x7k2p',
          'iis-site',
          'Running',
          'running',
          '',
          '',
          'akswin22000000',
          '2026-11-22T09:30:00Z',
          '2026-11-22T10:29:00Z',
          2,
        ],
      ],
    );
  }
  if (query.startsWith('KubeEvents\n')) return ok([{ name: 'LastSeen', type: 'datetime' }], []);
  if (query.includes('make-series Lines = count()')) {
    return ok(
      [
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'Lines', type: 'long' },
        { name: 'Errors', type: 'long' },
      ],
      [
        ['2026-11-22T10:00:00Z', 40, 0],
        ['2026-11-22T10:01:00Z', 80, 6],
      ],
    );
  }
  if (query === 'print broken')
    return { status: 500, body: { error: { code: 'InternalServerError', message: 'oops' } } };
  const missingV2 = {
    status: 400,
    body: {
      error: {
        message: 'The request had some invalid properties',
        code: 'BadArgumentError',
        innererror: {
          code: 'SemanticError',
          message: "Failed to resolve table or column expression named 'ContainerLogV2'",
        },
      },
    },
  };
  if (query === 'print bad') return missingV2;
  const legacy = req.path.includes(legacyWorkspace);
  if (query === 'ContainerLogV2\n| take 1') {
    return legacy
      ? missingV2
      : ok(logColumns, [['2026-11-22T10:00:00Z', 'shop', 'x', 'y', 'stdout', 'n', 'hello']]);
  }
  if (query.includes('Status >= 500')) {
    // The windows-mixed story: iis-site's `kubectl logs` is empty (IIS logs to files); Log Analytics has its access log.
    return ok(
      [...logColumns, { name: 'Status', type: 'int' }],
      [
        [
          '2026-11-22T10:05:00Z',
          'win',
          'iis-site-6d8f7b9c4-x7k2p',
          'iis-site',
          'stdout',
          'akswin22000000',
          iisLine,
          500,
        ],
      ],
    );
  }
  return ok(logColumns, [
    [
      '2026-11-22T10:04:00Z',
      'win',
      'iis-site-6d8f7b9c4-x7k2p',
      'iis-site',
      'stdout',
      'akswin22000000',
      `${legacy ? 'legacy' : 'v2'} Unhandled exception 42`,
    ],
  ]);
}

describe.skipIf(!hasOpenssl)('Log Analytics over HTTPS with the production credential chain', () => {
  let endpoint: Awaited<ReturnType<typeof startLogAnalyticsEndpoint>>;
  let out: ChildOutput;

  beforeAll(async () => {
    endpoint = await startLogAnalyticsEndpoint(answer);
    out = await endpoint.child({
      defaultWorkspaceId: v2Workspace,
      maxRetries: 0,
      queries: [
        { kql: 'print ok', timespan: 'PT1H', rowLimit: 10 },
        { kql: 'print partial', timespan: 'PT1H', rowLimit: 10 },
        { kql: 'print many', timespan: 'PT1H', rowLimit: 2 },
        { kql: 'print throttled', timespan: 'PT1H', rowLimit: 10 },
        { kql: 'print broken', timespan: 'PT1H', rowLimit: 10 },
        { kql: 'print bad', timespan: 'PT1H', rowLimit: 10 },
        { kql: 'print throttled once', timespan: 'PT1H', rowLimit: 10, maxRetries: 1 },
        { kql: 'print forbidden', timespan: 'PT1H', rowLimit: 10 },
        { kql: 'print window', timespan: '2026-11-22T09:00:00Z/2026-11-22T10:00:00Z', rowLimit: 10 },
        { workspaceId: clusterResource, kql: 'print ok', timespan: 'PT1H', rowLimit: 10 },
      ],
      runs: [
        { namespace: 'win', workload: 'iis-site' },
        { namespace: 'win', workload: 'iis-site', workspace: legacyWorkspace },
        { kql: 'ContainerLogV2 | summarize n = count() by PodName;\n', since: '2h' },
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await endpoint?.close();
  });

  it('gets its token from the managed-identity endpoint and sends it as a bearer token', () => {
    expect(endpoint.tokenRequests.length).toBeGreaterThan(0);
    const url = new URL(endpoint.tokenRequests[0]?.url ?? '', 'http://x');
    expect(url.searchParams.get('resource')).toBe('https://api.loganalytics.io');
    expect(endpoint.requests.every((r) => r.authorization === `Bearer ${testToken}`)).toBe(true);
  });

  it('posts the query and timespan to /v1/workspaces/<id>/query and returns plain tables', () => {
    expect(endpoint.requests[0]?.path).toBe(`/v1/workspaces/${v2Workspace}/query`);
    expect(endpoint.requests[0]?.body).toMatchObject({ query: 'print ok', timespan: 'PT1H' });
    expect(out.results[0]).toEqual({
      tables: [
        {
          name: 'PrimaryResult',
          columns: [
            { name: 'TimeGenerated', type: 'datetime' },
            { name: 'LogMessage', type: 'dynamic' },
            { name: 'Count', type: 'long' },
          ],
          rows: [['2026-11-22T10:00:00.123Z', { level: 'error', msg: 'boom' }, 3]],
        },
      ],
    });
  });

  it('keeps the data of a partial result and says what was partial', () => {
    expect(out.results[1]).toMatchObject({
      tables: [{ rows: [[1], [2]] }],
      partialError: 'PartialError: There were some errors when processing your query.',
    });
  });

  it('keeps at most rowLimit rows', () => {
    expect(out.results[2]).toMatchObject({ tables: [{ rows: [[1], [2]] }] });
  });

  it('classifies failures: throttling and server errors are retryable, bad queries and denied access are not', () => {
    expect([...out.results.slice(3, 6), out.results[7]]).toEqual([
      {
        error: {
          code: 'TRIAGE_ERR_CONTAINER_LOGS_UNAVAILABLE',
          message: expect.stringMatching(/throttled \(retry after 7s\) \(ThrottledError\)/),
          status: 429,
          retryAfterSeconds: 7,
          retryable: true,
        },
      },
      {
        error: {
          code: 'TRIAGE_ERR_CONTAINER_LOGS_UNAVAILABLE',
          message: expect.stringMatching(/HTTP 500/),
          status: 500,
          retryable: true,
        },
      },
      {
        error: {
          code: 'TRIAGE_ERR_CONTAINER_LOGS_QUERY_FAILED',
          message: expect.stringMatching(/HTTP 400 \(BadArgumentError\)/),
          status: 400,
          retryable: false,
        },
      },
      {
        error: {
          code: 'TRIAGE_ERR_CONTAINER_LOGS_ACCESS_DENIED',
          message: expect.stringMatching(
            /denied \(HTTP 403\) \(InsufficientAccessError\).*Log Analytics Reader/,
          ),
          status: 403,
          retryable: false,
        },
      },
    ]);
  });

  it('waits out a 429 with Retry-After and gets the answer on the SDK retry', () => {
    expect(out.results[6]).toEqual({
      tables: [{ name: 'PrimaryResult', columns: [{ name: 'n', type: 'long' }], rows: [[1]] }],
    });
    expect(endpoint.requests.filter((r) => r.body.query === 'print throttled once')).toHaveLength(2);
  });

  it('runs a resource-centric query when given an ARM resource ID instead of a workspace', () => {
    expect(out.results[9]).toMatchObject({
      tables: [{ rows: [['2026-11-22T10:00:00.123Z', { level: 'error', msg: 'boom' }, 3]] }],
    });
    expect(endpoint.requests.filter((r) => r.path.includes('managedclusters')).map((r) => r.path)).toEqual([
      `/v1${clusterResource}/query`,
    ]);
  });

  it('sends an interval timespan as start/end', () => {
    expect(endpoint.requests.find((r) => r.body.query === 'print window')?.body.timespan).toBe(
      '2026-11-22T09:00:00.000Z/2026-11-22T10:00:00.000Z',
    );
  });

  it('shows the IIS 5xx lines of a Windows pod from ContainerLogV2', () => {
    const [errors, iis] = out.findings[0] as Finding[];
    expect(errors?.title).toBe('1 error lines in workload win/iis-site over the last 1h, 1 pattern');
    expect(iis?.title).toBe(
      '1 IIS requests answered 5xx in workload win/iis-site over the last 1h, 1 pattern',
    );
    expect(iis?.evidence[0]).toMatchObject({
      source: 'log ContainerLogV2 pod/win/iis-site-6d8f7b9c4-x7k2p/iis-site',
      at: '2026-11-22T10:05:00.000Z',
    });
    expect(iis?.evidence[0]?.text).toContain(iisLine);
    expect(iis?.attachments?.[0]?.content).toContain(iisLine);
  });

  it('falls back to the legacy tables in a workspace without ContainerLogV2', () => {
    const [errors] = out.findings[1] as Finding[];
    expect(errors?.detail).toContain('From ContainerLog,');
    expect(errors?.evidence[0]?.text).toContain('legacy Unhandled exception 42');
    const legacyQueries = endpoint.requests
      .filter((r) => r.path.includes(legacyWorkspace))
      .map((r) => r.body.query);
    expect(legacyQueries[0]).toBe('ContainerLogV2\n| take 1');
    const logQueries = legacyQueries.filter((q) => q.includes('ContainerLog\n'));
    expect(logQueries).toHaveLength(3);
    expect(logQueries.every((q) => q.startsWith('let containers = KubePodInventory\n'))).toBe(true);
    expect(legacyQueries.some((q) => q.includes('ContainerLogV2\n| where'))).toBe(false);
  });

  it('adds volume, restarts and events findings for a workload', () => {
    const [, , volume, restarts, events] = out.findings[0] as Finding[];
    expect(volume).toMatchObject({
      severity: 'info',
      title: '120 log lines of workload win/iis-site over the last 1h, 6 of them errors',
    });
    expect(volume?.detail).toContain('lines   ▄█');
    expect(restarts).toMatchObject({
      severity: 'warning',
      title: 'workload win/iis-site in KubePodInventory: 1 pod/container state, at most 2 restarts, last 1h',
    });
    expect(restarts?.detail).toMatch(
      /iis-site-6d8f7b9c4-x7k2p +iis-site +Running +running +2 +2026-11-22T10:29:00.000Z/,
    );
    expect(events).toMatchObject({
      severity: 'ok',
      title: 'No Warning events about workload win/iis-site in KubeEvents over the last 1h',
    });
  });

  it('runs raw KQL with the time range as the API timespan and a row limit appended, reported as raw', () => {
    const request = endpoint.requests.find((r) => r.body.query.startsWith('ContainerLogV2 | summarize n'));
    expect(request?.body).toEqual({
      query: 'ContainerLogV2 | summarize n = count() by PodName\n| take 500',
      timespan: 'PT7200S',
    });
    const findings = out.findings[2] as Finding[];
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'info',
      title: 'Raw KQL: 1 row over the last 2h',
      subject: 'cluster',
    });
    expect(findings[0]?.detail).toContain('Raw KQL (not a Triage template)');
    expect(findings[0]?.evidence[0]?.source).toBe('raw KQL (Log Analytics, timespan PT7200S)');
    expect(findings[0]?.attachments?.[0]?.content).toBe('PodName,n\r\niis-site-6d8f7b9c4-x7k2p,12\r\n');
  });
});
