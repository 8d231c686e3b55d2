import { describe, expect, it } from 'vitest';
import {
  type ContainerLogTable,
  containerErrorsQuery,
  containerLogV2ProbeQuery,
  iisServerErrorsQuery,
  type LogScope,
} from '../src/query-templates.js';
import { kqlSkeleton } from './kql-skeleton.js';

const tables: ContainerLogTable[] = ['v2', 'legacy'];
const templates = { containerErrorsQuery, iisServerErrorsQuery };
const scopes: LogScope[] = [
  { namespace: 'web' },
  { namespace: 'web', pod: 'checkout-7d9c-x2k4p' },
  { namespace: 'web', workload: 'checkout' },
  { namespace: 'web', pod: 'iis-0', container: 'iis' },
];

describe.each(tables)('templates over the %s table', (table) => {
  it.each(Object.entries(templates))(
    '%s bounds the time range on every table read and limits the rows',
    (_, template) => {
      const q = template(
        table,
        { namespace: 'web', pod: 'checkout-1' },
        { sinceSeconds: 7200, rowLimit: 50 },
      );
      const reads = q.query
        .split('\n')
        .filter((line) => /^(let \w+ = )?(ContainerLogV2|ContainerLog|KubePodInventory)$/.test(line));
      const bounds = q.query.match(/\| where TimeGenerated > ago\(7200s\)/g) ?? [];
      expect(bounds).toHaveLength(reads.length);
      expect(q.query.trimEnd().split('\n').at(-1)).toBe('| top 50 by TimeGenerated desc');
      expect(q.timespan).toBe('PT7200S');
      expect(q.rowLimit).toBe(50);
      expect(q.name.endsWith(`-${table}`)).toBe(true);
    },
  );

  it.each(scopes)('filters on exactly what the scope names: %j', (scope) => {
    const q = containerErrorsQuery(table, scope, { sinceSeconds: 3600 });
    expect(q.query).toContain('| where PodNamespace == "web"');
    expect(q.query.includes('| where PodName == ')).toBe(scope.pod !== undefined);
    expect(q.query.includes('| where PodName startswith "checkout-"')).toBe(scope.workload !== undefined);
    expect(q.query.includes('| where ContainerName == ')).toBe(scope.container !== undefined);
    expect(q.rowLimit).toBe(500);
  });

  it('returns the same columns whichever table it reads', () => {
    const q = containerErrorsQuery(table, { namespace: 'web' }, { sinceSeconds: 60 });
    expect(q.query).toContain(
      '| project TimeGenerated, PodNamespace, PodName, ContainerName, LogSource, Computer, Message\n',
    );
    const iis = iisServerErrorsQuery(table, { namespace: 'web' }, { sinceSeconds: 60 });
    expect(iis.query).toContain('Computer, Message, Status\n');
    expect(iis.query).toContain('| where Status >= 500');
  });

  it('refuses hostile names with a coded error instead of building a query', () => {
    for (const evil of ['web" | take 100000 | where "a', 'web\n| union *', 'web; print 1', 'Web']) {
      expect(() => containerErrorsQuery(table, { namespace: evil }, { sinceSeconds: 60 })).toThrow(
        expect.objectContaining({ code: 'TRIAGE_ERR_CONTAINER_LOGS_BAD_VALUE' }),
      );
      expect(() =>
        containerErrorsQuery(table, { namespace: 'web', pod: evil }, { sinceSeconds: 60 }),
      ).toThrow(/pod/);
      expect(() =>
        iisServerErrorsQuery(table, { namespace: 'web', workload: evil }, { sinceSeconds: 60 }),
      ).toThrow(/workload/);
      expect(() =>
        iisServerErrorsQuery(table, { namespace: 'web', container: evil }, { sinceSeconds: 60 }),
      ).toThrow(/container/);
    }
  });

  it('keeps one shape whatever valid names fill it', () => {
    const a = containerErrorsQuery(table, { namespace: 'a', pod: 'b', container: 'c' }, { sinceSeconds: 60 });
    const b = containerErrorsQuery(
      table,
      { namespace: 'kube-system', pod: 'x.y-z', container: 'q-1' },
      { sinceSeconds: 60 },
    );
    expect(kqlSkeleton(a.query)).toBe(kqlSkeleton(b.query));
  });

  it('refuses look-backs past 7 days and row limits past 10 000', () => {
    expect(() => containerErrorsQuery(table, { namespace: 'web' }, { sinceSeconds: 8 * 86_400 })).toThrow(
      /7d/,
    );
    expect(() =>
      containerErrorsQuery(table, { namespace: 'web' }, { sinceSeconds: 60, rowLimit: 10_001 }),
    ).toThrow(/row limit/);
  });
});

it('the legacy template takes pod names from KubePodInventory by ContainerID', () => {
  const q = containerErrorsQuery('legacy', { namespace: 'web', pod: 'p' }, { sinceSeconds: 60 });
  expect(q.query).toMatch(/^let containers = KubePodInventory\n/);
  expect(q.query).toContain('| join kind=inner containers on ContainerID');
  expect(q.query).toContain('| extend Message = LogEntry, LogSource = LogEntrySource');
});

it('the V2 template reads the dynamic LogMessage as text', () => {
  expect(containerErrorsQuery('v2', { namespace: 'web' }, { sinceSeconds: 60 }).query).toContain(
    '| extend Message = tostring(LogMessage)',
  );
});

it('the V2 probe asks for one row', () => {
  expect(containerLogV2ProbeQuery()).toEqual({
    name: 'container-log-v2-probe',
    query: 'ContainerLogV2\n| take 1',
    timespan: 'P1D',
    rowLimit: 1,
  });
});
