import type { KubeObject } from './kube-object.js';
import type { ObjectStore } from './object-store.js';
import { apiTime } from './pod-status.js';
import { resolveScenarioRules } from './scenario-rules.js';
import type { MetricsSource } from './subresources/types.js';

/**
 * metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics from the scenario's `metrics` rules, for objects
 * that exist (as metrics-server reports only live nodes and pods). `kubectl top` reads these.
 */

/** Dependencies of {@link createMetricsProvider}. */
export interface MetricsProviderDeps {
  store: ObjectStore;
  /** The scenario's rules (parsed or the raw `sim.yaml` value). */
  rules: unknown;
  clock?: () => Date;
}

/** metrics-server's usual scrape window. */
const WINDOW = '30s';

/** Creates the metrics source the API server lists and gets metrics from. */
export function createMetricsProvider(deps: MetricsProviderDeps): MetricsSource {
  const clock = deps.clock ?? (() => new Date());
  const metrics = resolveScenarioRules(deps.rules).metrics;

  function envelope(kind: string, source: KubeObject, now: Date) {
    return {
      kind,
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {
        name: source.metadata.name,
        ...(source.metadata.namespace ? { namespace: source.metadata.namespace } : {}),
        creationTimestamp: apiTime(now),
        ...(source.metadata.labels ? { labels: source.metadata.labels } : {}),
      },
      // the sample was taken somewhat before the request
      timestamp: apiTime(new Date(now.getTime() - 15_000)),
      window: WINDOW,
    };
  }

  return {
    nodeMetrics() {
      const now = clock();
      return Object.entries(metrics.nodes).flatMap(([name, usage]) => {
        const node = deps.store.get('nodes', undefined, name);
        return node ? [{ ...envelope('NodeMetrics', node, now), usage: { ...usage } } as KubeObject] : [];
      });
    },
    podMetrics() {
      const now = clock();
      return Object.entries(metrics.pods).flatMap(([key, containers]) => {
        const [namespace = '', name = ''] = key.split('/');
        const pod = deps.store.get('pods', namespace, name);
        if (!pod) return [];
        const usage = Object.entries(containers).map(([container, value]) => ({
          name: container,
          usage: { ...value },
        }));
        return [{ ...envelope('PodMetrics', pod, now), containers: usage } as KubeObject];
      });
    },
  };
}
