import { describe, expect, it } from 'vitest';
import {
  type ContainerLogTable,
  containerErrorsQuery,
  containerLogV2ProbeQuery,
  iisServerErrorsQuery,
  type LogScope,
  logVolumeQuery,
} from '../src/query-templates.js';
import { kubeEventsQuery, nodeStatusHistoryQuery, podRestartsQuery } from '../src/inventory-queries.js';
import { kqlErrors } from './support/kusto-analyzer.js';

const scopes: LogScope[] = [
  { namespace: 'web' },
  { namespace: 'web', pod: 'checkout-7d9c-x2k4p', container: 'app' },
  { namespace: 'web', workload: 'checkout' },
];
const tables: ContainerLogTable[] = ['v2', 'legacy'];

describe('every template parses and passes semantic analysis against the table schemas', () => {
  for (const table of tables) {
    for (const template of [containerErrorsQuery, iisServerErrorsQuery, logVolumeQuery]) {
      it.each(scopes)(`${template.name} over ${table} for %j`, (scope) => {
        expect(kqlErrors(template(table, scope, { sinceSeconds: 3600 }).query)).toEqual([]);
      });
    }
  }

  it.each([
    podRestartsQuery({ namespace: 'web', workload: 'checkout' }, { sinceSeconds: 86_400 }),
    podRestartsQuery({ namespace: 'web', name: 'checkout-1' }, { sinceSeconds: 3600 }),
    kubeEventsQuery({ namespace: 'web', name: 'checkout-1' }, { sinceSeconds: 3600 }),
    kubeEventsQuery({ namespace: 'web' }, { sinceSeconds: 3600 }, { all: true }),
    nodeStatusHistoryQuery('aks-np1-0', { sinceSeconds: 86_400 }),
  ])('inventory template $name', (q) => {
    expect(kqlErrors(q.query)).toEqual([]);
  });

  it('the ContainerLogV2 probe', () => {
    expect(kqlErrors(containerLogV2ProbeQuery().query)).toEqual([]);
  });
});

describe('the analyzer catches what a typo would break', () => {
  it('fails on a misspelled column', () => {
    const query = containerErrorsQuery('v2', { namespace: 'web' }, { sinceSeconds: 60 }).query.replace(
      'PodNamespace ==',
      'PodNamespce ==',
    );
    expect(kqlErrors(query)).toEqual([expect.stringContaining("'PodNamespce'")]);
  });

  it('fails on a legacy column used on the V2 table', () => {
    expect(kqlErrors('ContainerLogV2 | where TimeGenerated > ago(1h) | project LogEntry | take 1')).toEqual([
      expect.stringContaining("'LogEntry'"),
    ]);
  });

  it('fails on a broken pipeline', () => {
    expect(kqlErrors('ContainerLogV2 | where | take 1').length).toBeGreaterThan(0);
  });
});
