import type { KubeObject, KubeReader } from '@triage/core';
import { playbookContext } from '@triage/dev-services';
import { nodeHealthParams, nodeHealthPlaybook } from '../src/index.js';
import { createFakeKube } from './fake-kube.js';
import { NOW } from './fixtures.js';

/** Runs node-health over fixed objects per resource, with the fixtures' clock, as the runner would; `wrap` lets a test change the reader's answers. */
export async function runOver(
  objects: Record<string, KubeObject[]>,
  node: string,
  options: { triggerName?: string; signal?: AbortSignal; wrap?: (kube: KubeReader) => KubeReader } = {},
) {
  const { kube, calls } = createFakeKube(objects);
  const ctx = playbookContext({
    kube: options.wrap ? options.wrap(kube) : kube,
    trigger: {
      source: 'alertmanager',
      key: 'fp-1',
      name: options.triggerName ?? 'KubeNodeNotReady',
      labels: { node },
    },
    now: NOW,
    cluster: 'aks-prod',
    ...(options.signal && { signal: options.signal }),
  });
  const findings = await nodeHealthPlaybook.run(ctx, nodeHealthParams.parse({ node }));
  return { findings, calls, progress: ctx.progressed };
}
