import type { KubeObject } from '@triage/core';
import { playbookContext } from '@triage/dev-services';
import { describeParams, describePlaybook } from '../src/index.js';
import { createFakeKube } from './fake-kube.js';

/** The time every fixture is written against. */
export const now = new Date('2026-11-22T12:00:00Z');

/** A PlaybookContext over fixed objects, as the runner would build one. */
export function contextFor(
  objects: readonly KubeObject[],
  signal: AbortSignal = new AbortController().signal,
) {
  const { kube, calls } = createFakeKube(objects);
  const ctx = playbookContext({ kube, trigger: { name: 'describe' }, now, signal });
  return { ctx, calls, progress: ctx.progressed };
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
