import type { LogLine } from './log-lines.js';
import { messageTemplate } from './message-template.js';

/** Lines that share a message template. */
export interface LogGroup {
  template: string;
  count: number;
  /** ISO-8601 times of the oldest and newest line. */
  firstSeen: string;
  lastSeen: string;
  /** Pods the lines came from, sorted. */
  pods: string[];
  /** Up to 3 lines, newest first. */
  examples: LogLine[];
}

const maxExamples = 3;

/**
 * Groups lines by their message template, most frequent first (ties: most recent first).
 *
 * @example groupLogLines(lines)[0] // { template: 'dial tcp <ip>: i/o timeout', count: 42, ... }
 */
export function groupLogLines(lines: readonly LogLine[]): LogGroup[] {
  const groups = new Map<string, LogGroup & { podSet: Set<string> }>();
  const newestFirst = [...lines].sort((a, b) => b.time.localeCompare(a.time));
  for (const line of newestFirst) {
    const template = messageTemplate(line.message);
    let group = groups.get(template);
    if (!group) {
      group = {
        template,
        count: 0,
        firstSeen: line.time,
        lastSeen: line.time,
        pods: [],
        examples: [],
        podSet: new Set(),
      };
      groups.set(template, group);
    }
    group.count += 1;
    group.firstSeen = line.time;
    group.podSet.add(line.pod);
    if (group.examples.length < maxExamples) group.examples.push(line);
  }
  return [...groups.values()]
    .map(({ podSet, ...group }) => ({ ...group, pods: [...podSet].sort() }))
    .sort((a, b) => b.count - a.count || b.lastSeen.localeCompare(a.lastSeen));
}
