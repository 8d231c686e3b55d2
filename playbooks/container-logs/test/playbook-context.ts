import type { LogAnalytics, PlaybookContext, Signal } from '@triage/core';
import { playbookContext } from '@triage/dev-services';
import { containerLogsParams, containerLogsPlaybook } from '../src/index.js';

/**
 * A PlaybookContext as the runner builds one; `logs` absent means no workspace is configured;
 * `trigger` overrides fields of the triggering signal (a CLI run by default).
 */
export function contextFor(logs?: LogAnalytics, trigger: Partial<Signal> = {}): PlaybookContext {
  return {
    ...playbookContext({
      kube: { get: async () => undefined, list: async () => [] },
      trigger: { name: 'run container-logs', ...trigger },
      now: new Date('2026-11-22T10:30:00Z'),
    }),
    ...(logs && { logs }),
  };
}

/** Runs container-logs with params parsed as the runner parses them. */
export function runContainerLogs(ctx: PlaybookContext, params: Record<string, unknown>) {
  return containerLogsPlaybook.run(ctx, containerLogsParams.parse(params));
}
