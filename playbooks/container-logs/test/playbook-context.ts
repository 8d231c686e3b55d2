import type { LogAnalytics, Logger, PlaybookContext, Signal } from '@triage/core';
import { containerLogsParams, containerLogsPlaybook } from '../src/index.js';

const silentLog: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLog,
};

/**
 * A PlaybookContext as the runner builds one; `logs` absent means no workspace is configured;
 * `trigger` overrides fields of the triggering signal (a CLI run by default).
 */
export function contextFor(logs?: LogAnalytics, trigger: Partial<Signal> = {}): PlaybookContext {
  const now = new Date('2026-11-22T10:30:00Z');
  return {
    kube: {
      get: async () => undefined,
      list: async () => [],
    },
    ...(logs && { logs }),
    clock: () => now,
    log: silentLog,
    signal: new AbortController().signal,
    progress: async () => {},
    trigger: {
      source: 'cli',
      key: 'test',
      status: 'firing',
      name: 'run container-logs',
      cluster: 'test',
      labels: {},
      annotations: {},
      startsAt: now.toISOString(),
      ...trigger,
    },
    cluster: 'test',
  };
}

/** Runs container-logs with params parsed as the runner parses them. */
export function runContainerLogs(ctx: PlaybookContext, params: Record<string, unknown>) {
  return containerLogsPlaybook.run(ctx, containerLogsParams.parse(params));
}
