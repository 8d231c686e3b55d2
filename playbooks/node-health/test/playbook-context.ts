import type { KubeObject, KubeReader, Logger, PlaybookContext } from '@triage/core';
import { nodeHealthParams, nodeHealthPlaybook } from '../src/index.js';
import { createFakeKube } from './fake-kube.js';
import { NOW } from './fixtures.js';

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

/** Runs node-health over fixed objects per resource, with the fixtures' clock, as the runner would; `wrap` lets a test change the reader's answers. */
export async function runOver(
  objects: Record<string, KubeObject[]>,
  node: string,
  options: { triggerName?: string; signal?: AbortSignal; wrap?: (kube: KubeReader) => KubeReader } = {},
) {
  const { kube, calls } = createFakeKube(objects);
  const progress: string[] = [];
  const ctx: PlaybookContext = {
    kube: options.wrap ? options.wrap(kube) : kube,
    clock: () => NOW,
    log: silentLog,
    signal: options.signal ?? new AbortController().signal,
    progress: async (text) => {
      progress.push(text);
    },
    trigger: {
      source: 'alertmanager',
      key: 'fp-1',
      status: 'firing',
      name: options.triggerName ?? 'KubeNodeNotReady',
      cluster: 'aks-prod',
      labels: { node },
      annotations: {},
      startsAt: NOW.toISOString(),
    },
    cluster: 'aks-prod',
  };
  const findings = await nodeHealthPlaybook.run(ctx, nodeHealthParams.parse({ node }));
  return { findings, calls, progress };
}
