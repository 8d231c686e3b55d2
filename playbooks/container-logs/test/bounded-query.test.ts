import { describe, expect, it } from 'vitest';
import { boundedQuery } from '../src/bounded-query.js';
import { kqlErrors } from './support/kusto-analyzer.js';

describe('boundedQuery', () => {
  it('appends the row limit on a line of its own, after trailing semicolons, blanks and a comment', () => {
    expect(boundedQuery('KubeEvents | where Reason == "BackOff";  \n', 50)).toBe(
      'KubeEvents | where Reason == "BackOff"\n| take 50',
    );
    expect(boundedQuery('KubeEvents // recent', 50)).toBe('KubeEvents // recent\n| take 50');
  });

  it('keeps a query with let statements and its own take valid for the Kusto language service', () => {
    const query = boundedQuery(
      "let window = 10m;\nKubeNodeInventory | where TimeGenerated > ago(window) | where Status !contains 'Ready' | summarize by Computer | take 100000",
      500,
    );
    expect(query.endsWith('\n| take 500')).toBe(true);
    expect(kqlErrors(query)).toEqual([]);
  });

  it.each([
    ['', /empty/],
    [' ;\n ', /empty/],
    ['.show tables', /control commands/],
    ['KubeEvents\u0000', /control characters/],
    ['x'.repeat(10_001), /longer than 10000/],
  ])('refuses %j with a coded error', (kql, message) => {
    expect(() => boundedQuery(kql, 10)).toThrow(message);
    expect(() => boundedQuery(kql, 10)).toThrow(
      expect.objectContaining({ code: 'TRIAGE_ERR_CONTAINER_LOGS_BAD_QUERY' }),
    );
  });

  it('refuses a row limit outside 1..10000', () => {
    expect(() => boundedQuery('KubeEvents', 0)).toThrow(/row limit/);
  });
});
