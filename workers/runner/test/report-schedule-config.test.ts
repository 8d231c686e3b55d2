import { describe, expect, it } from 'vitest';
import { runnerConfigSchema } from '../src/index.js';

function issues(reports: unknown): string[] {
  const parsed = runnerConfigSchema.safeParse({ reports });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('report schedule config', () => {
  it('fills the defaults: UTC, not quiet, the report params, the runner channel and cluster left to the runner', () => {
    expect(runnerConfigSchema.parse({ reports: [{ id: 'daily', pattern: '0 8 * * *' }] }).reports).toEqual([
      {
        id: 'daily',
        pattern: '0 8 * * *',
        tz: 'UTC',
        quietWhenHealthy: false,
        pendingMinutes: 15,
        oomWindowHours: 24,
      },
    ]);
    expect(runnerConfigSchema.parse({}).reports).toEqual([]);
  });

  it('names every bad key: id, cron pattern, time zone, namespaces', () => {
    expect(
      issues([
        { id: 'Daily Report', pattern: '0 8 * *', tz: 'Mars/Olympus', namespaces: ['shop', 'Bad_NS'] },
      ]),
    ).toEqual([
      'reports.0.id: lowercase letters, digits and dashes',
      'reports.0.pattern: a cron pattern of 5 (or 6, seconds first) fields',
      'reports.0.tz: an IANA time zone such as Europe/Amsterdam',
      'reports.0.namespaces.1: not a valid namespace name',
    ]);
  });

  it('refuses two schedules with the same id', () => {
    expect(
      issues([
        { id: 'daily', pattern: '0 8 * * *' },
        { id: 'daily', pattern: '0 9 * * *' },
      ]),
    ).toEqual(['reports: schedule ids must be unique']);
  });

  it('refuses the id on-demand, which names the reports asked for on demand (they compare with any report)', () => {
    expect(issues([{ id: 'on-demand', pattern: '0 8 * * *' }])).toEqual([
      'reports.0.id: "on-demand" names the reports asked for on demand',
    ]);
  });
});
