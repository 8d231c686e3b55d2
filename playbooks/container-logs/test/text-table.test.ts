import { expect, it } from 'vitest';
import { textTable } from '../src/text-table.js';

const table = {
  name: 'PrimaryResult',
  columns: [
    { name: 'Pod', type: 'string' },
    { name: 'Restarts', type: 'int' },
    { name: 'Message', type: 'dynamic' },
  ],
  rows: [
    ['web-1', 3, { msg: 'boom\nagain' }],
    ['web-22', null, 'x'.repeat(60)],
    ['web-3', 0, ''],
  ],
};

it('aligns the first rows in a fenced block, flattens and clips cells, and counts the rest', () => {
  expect(textTable(table, { maxRows: 2, maxCell: 22 })).toBe(
    [
      '```',
      'Pod     Restarts  Message',
      'web-1   3         {"msg":"boom\\nagain"}',
      `web-22            ${'x'.repeat(21)}…`,
      '…and 1 more rows in the CSV',
      '```',
    ].join('\n'),
  );
});

it('shows only the chosen columns, in their order, skipping unknown ones', () => {
  expect(textTable(table, { columns: ['Restarts', 'Nope', 'Pod'] }).split('\n')[1]).toBe('Restarts  Pod');
});
