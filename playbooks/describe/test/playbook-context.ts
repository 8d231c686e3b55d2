import type { KubeObject, Logger, PlaybookContext } from '@triage/core';
import { describeParams, describePlaybook } from '../src/index.js';
import { createFakeKube } from './fake-kube.js';

/** The time every fixture is written against. */
export const now = new Date('2026-11-22T12:00:00Z');

const silentLog: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLog,
};

/** A PlaybookContext over fixed objects, as the runner would build one. */
export function contextFor(
  objects: readonly KubeObject[],
  signal: AbortSignal = new AbortController().signal,
) {
  const { kube, calls } = createFakeKube(objects);
  const progress: string[] = [];
  const ctx: PlaybookContext = {
    kube,
    clock: () => now,
    log: silentLog,
    signal,
    progress: async (text) => {
      progress.push(text);
    },
    trigger: {
      source: 'cli',
      key: 'test',
      status: 'firing',
      name: 'describe',
      cluster: 'test',
      labels: {},
      annotations: {},
      startsAt: now.toISOString(),
    },
    cluster: 'test',
  };
  return { ctx, calls, progress };
}

/** Runs describe on `subject` with params parsed as the runner parses them. */
export async function describe(
  objects: readonly KubeObject[],
  subject: string,
  extra: Record<string, unknown> = {},
) {
  const { ctx, calls } = contextFor(objects);
  const findings = await describePlaybook.run(ctx, describeParams.parse({ subject, ...extra }));
  return { findings, calls };
}
