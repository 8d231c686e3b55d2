import { expect, it } from 'vitest';
import { rowsCsv } from '../src/rows-csv.js';

it('writes RFC 4180 CSV with quotes where needed, JSON for objects, and neutralised formulas', () => {
  const csv = rowsCsv({
    name: 'PrimaryResult',
    columns: [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Message', type: 'string' },
      { name: 'Status', type: 'int' },
    ],
    rows: [
      ['2026-11-22T10:00:00.000Z', 'said "no", then\nleft', 500],
      ['2026-11-22T10:00:01.000Z', '=HYPERLINK("x")', null],
      ['2026-11-22T10:00:02.000Z', { level: 'error' }, 503],
    ],
  });
  expect(csv).toBe(
    'TimeGenerated,Message,Status\r\n' +
      '2026-11-22T10:00:00.000Z,"said ""no"", then\nleft",500\r\n' +
      `2026-11-22T10:00:01.000Z,"'=HYPERLINK(""x"")",\r\n` +
      '2026-11-22T10:00:02.000Z,"{""level"":""error""}",503\r\n',
  );
});
