import { readFileSync } from 'node:fs';
import type { KubeObject, KubeReader, Logger, Metrics, PlaybookContext } from '@triage/core';

/** A `kubectl get -o json` object from test/fixtures/kube. */
export function kubeFixture(name: string): KubeObject {
  return JSON.parse(
    readFileSync(new URL(`fixtures/kube/${name}.json`, import.meta.url), 'utf8'),
  ) as KubeObject;
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/** The context of a schedule's tick at `tick` on aks-shop-prod (clock fixed at 2026-11-22T12:00Z). */
export function tickContext(kube: KubeReader, tick: string, metrics?: Metrics): PlaybookContext {
  return {
    kube,
    ...(metrics ? { metrics } : {}),
    clock: () => new Date('2026-11-22T12:00:00Z'),
    log: silent,
    signal: AbortSignal.timeout(10_000),
    progress: async () => {},
    trigger: {
      source: 'schedule',
      key: `schedule/daily/${tick}`,
      status: 'firing',
      name: 'health-report',
      cluster: 'aks-shop-prod',
      labels: {},
      annotations: {},
      startsAt: tick,
    },
    cluster: 'aks-shop-prod',
  };
}
