import { describe, expect, it } from 'vitest';
import { kubeEventsQuery, nodeStatusHistoryQuery, podRestartsQuery } from '../src/inventory-queries.js';
import { logVolumeQuery } from '../src/query-templates.js';
import { kqlSkeleton } from './kql-skeleton.js';

const bounds = { sinceSeconds: 7200, rowLimit: 40 };
const all = [
  podRestartsQuery({ namespace: 'web', name: 'checkout-1' }, bounds),
  kubeEventsQuery({ namespace: 'web', workload: 'checkout' }, bounds),
  nodeStatusHistoryQuery('aks-np1-0', bounds),
];

describe('inventory templates', () => {
  it.each(all)('$name reads one table over a bounded range and limits the rows', (q) => {
    const lines = q.query.split('\n');
    expect(lines[1]).toBe('| where TimeGenerated > ago(7200s)');
    expect(lines.at(-1)).toMatch(/^\| top 40 by \w+ desc$/);
    expect(q).toMatchObject({ timespan: 'PT7200S', rowLimit: 40 });
  });

  it('pod restarts filter on namespace and pod, events keep only warnings unless asked for all', () => {
    expect(all[0]?.query).toContain('| where Namespace == "web"\n| where Name == "checkout-1"');
    expect(all[1]?.query).toContain('| where Name startswith "checkout-"');
    expect(all[1]?.query).toContain('| where KubeEventType == "Warning"');
    expect(kubeEventsQuery({ namespace: 'web' }, bounds, { all: true }).query).not.toContain(
      'KubeEventType ==',
    );
  });

  it('node history keeps only reports where the condition list changed', () => {
    expect(all[2]?.query).toContain('| where Computer == "aks-np1-0"');
    expect(all[2]?.query).toContain('| extend Previous = prev(Status)\n| where Status != Previous');
  });

  it('refuses hostile names with a coded error', () => {
    for (const evil of ['x" | union *', 'x\n| take 9', 'x; print 1']) {
      expect(() => podRestartsQuery({ namespace: evil }, bounds)).toThrow(
        expect.objectContaining({ code: 'TRIAGE_ERR_CONTAINER_LOGS_BAD_VALUE' }),
      );
      expect(() => kubeEventsQuery({ namespace: 'web', name: evil }, bounds)).toThrow(/name/);
      expect(() => nodeStatusHistoryQuery(evil, bounds)).toThrow(/node/);
    }
  });

  it('keeps one shape whatever valid names fill it', () => {
    expect(kqlSkeleton(nodeStatusHistoryQuery('a', bounds).query)).toBe(
      kqlSkeleton(nodeStatusHistoryQuery('akswin000001.internal', bounds).query),
    );
  });
});

describe('log volume', () => {
  it('bins a range into about 60 points of at least a minute, quiet bins as 0, oldest first', () => {
    expect(logVolumeQuery('v2', { namespace: 'web' }, { sinceSeconds: 86_400 }).query).toContain(
      'default = 0 on TimeGenerated from ago(86400s) to now() step 1440s\n| mv-expand TimeGenerated to typeof(datetime), Lines to typeof(long), Errors to typeof(long)\n| top 500 by TimeGenerated asc',
    );
    expect(logVolumeQuery('legacy', { namespace: 'web' }, { sinceSeconds: 600 }).query).toContain(
      'from ago(600s) to now() step 60s',
    );
  });

  it('counts lines and error lines in each bin', () => {
    expect(logVolumeQuery('v2', { namespace: 'web' }, { sinceSeconds: 3600 }).query).toMatch(
      /\| make-series Lines = count\(\), Errors = countif\(Message matches regex @"[^"]+"\) default = 0 on TimeGenerated/,
    );
  });
});
