import { expect, it } from 'vitest';
import { groupLogLines } from '../src/group-log-lines.js';
import type { LogLine } from '../src/log-lines.js';

const line = (time: string, pod: string, message: string): LogLine => ({
  time,
  namespace: 'web',
  pod,
  container: 'app',
  source: 'stderr',
  computer: 'aks-np1-0',
  message,
});

it('groups by template with counts, first and last seen, pods and three newest examples', () => {
  const lines = [
    line('2026-11-22T10:00:01Z', 'web-1', 'timeout after 100ms to 10.0.0.1'),
    line('2026-11-22T10:00:05Z', 'web-2', 'timeout after 200ms to 10.0.0.2'),
    line('2026-11-22T10:00:03Z', 'web-1', 'timeout after 300ms to 10.0.0.3'),
    line('2026-11-22T10:00:04Z', 'web-1', 'timeout after 400ms to 10.0.0.4'),
    line('2026-11-22T10:00:02Z', 'web-1', 'NullReferenceException in OrderService'),
  ];
  const [first, second, ...rest] = groupLogLines(lines);
  expect(rest).toEqual([]);
  expect(first).toMatchObject({
    template: 'timeout after <n>ms to <ip>',
    count: 4,
    firstSeen: '2026-11-22T10:00:01Z',
    lastSeen: '2026-11-22T10:00:05Z',
    pods: ['web-1', 'web-2'],
  });
  expect(first?.examples.map((e) => e.time)).toEqual([
    '2026-11-22T10:00:05Z',
    '2026-11-22T10:00:04Z',
    '2026-11-22T10:00:03Z',
  ]);
  expect(second).toMatchObject({ template: 'NullReferenceException in OrderService', count: 1 });
});

it('puts the most recent group first when counts tie', () => {
  const groups = groupLogLines([
    line('2026-11-22T10:00:01Z', 'a', 'old thing'),
    line('2026-11-22T10:00:09Z', 'a', 'new thing'),
  ]);
  expect(groups.map((g) => g.template)).toEqual(['new thing', 'old thing']);
});

it('returns no groups for no lines', () => {
  expect(groupLogLines([])).toEqual([]);
});
