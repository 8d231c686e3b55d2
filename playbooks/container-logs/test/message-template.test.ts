import { expect, it } from 'vitest';
import { messageTemplate } from '../src/message-template.js';

it.each([
  ['dial tcp 10.0.4.9:5432: i/o timeout after 3000ms', 'dial tcp <ip>: i/o timeout after <n>ms'],
  [
    '2025-03-04T08:14:05.123Z ERROR request 3f2504e0-4f89-11d3-9a0c-0305e82c3301 failed',
    '<time> ERROR request <guid> failed',
  ],
  ['panic at 0xc000123abc goroutine 17', 'panic at <hex> goroutine <n>'],
  ['commit deadbeef1234 not found', 'commit <hex> not found'],
  ['connect fe80::1:2:3 refused', 'connect <ip> refused'],
  ['at 08:14:05.120 retry 3 of 5', 'at <time> retry <n> of <n>'],
  ['  ContainerLogV2   sha256 kept  ', 'ContainerLogV2 sha256 kept'],
])('replaces the variable parts of %j', (message, template) => {
  expect(messageTemplate(message)).toBe(template);
});

it('gives lines that differ only in numbers, ids and addresses the same template', () => {
  expect(messageTemplate('user 42 from 10.0.0.1 took 12.5s')).toBe(
    messageTemplate('user 7 from 192.168.3.4 took 0.2s'),
  );
});

it('cuts templates at 300 characters', () => {
  expect(messageTemplate('x'.repeat(1000))).toHaveLength(300);
});
