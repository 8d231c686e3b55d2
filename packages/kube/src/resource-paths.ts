import { KubeError, kubeErrorCodes } from './errors.js';

/** Where one resource lives in the API, and what its objects are called. */
export interface ResourcePath {
  /** API prefix, e.g. `/api/v1`, `/apis/apps/v1`. */
  prefix: string;
  /** Plural name in the URL path, e.g. `pods`. */
  plural: string;
  /** apiVersion of its objects, e.g. `apps/v1`. */
  apiVersion: string;
  kind: string;
  namespaced: boolean;
}

/** Resource name of metrics.k8s.io NodeMetrics (kubectl's fully qualified spelling, as in `kubectl get nodes.metrics.k8s.io`). */
export const NODE_METRICS = 'nodes.metrics.k8s.io';
/** Resource name of metrics.k8s.io PodMetrics. */
export const POD_METRICS = 'pods.metrics.k8s.io';

function core(plural: string, kind: string, namespaced: boolean): ResourcePath {
  return { prefix: '/api/v1', plural, apiVersion: 'v1', kind, namespaced };
}

function grouped(groupVersion: string, plural: string, kind: string, namespaced: boolean): ResourcePath {
  return { prefix: `/apis/${groupVersion}`, plural, apiVersion: groupVersion, kind, namespaced };
}

/**
 * Every resource a KubeReader knows, by the name callers pass. Core and named-group resources
 * use their plural; the metrics.k8s.io resources use `<plural>.<group>` because `nodes` and
 * `pods` already name the core ones.
 */
export const resourcePaths: Readonly<Record<string, ResourcePath>> = {
  pods: core('pods', 'Pod', true),
  nodes: core('nodes', 'Node', false),
  events: core('events', 'Event', true),
  services: core('services', 'Service', true),
  endpoints: core('endpoints', 'Endpoints', true),
  namespaces: core('namespaces', 'Namespace', false),
  configmaps: core('configmaps', 'ConfigMap', true),
  serviceaccounts: core('serviceaccounts', 'ServiceAccount', true),
  deployments: grouped('apps/v1', 'deployments', 'Deployment', true),
  replicasets: grouped('apps/v1', 'replicasets', 'ReplicaSet', true),
  statefulsets: grouped('apps/v1', 'statefulsets', 'StatefulSet', true),
  daemonsets: grouped('apps/v1', 'daemonsets', 'DaemonSet', true),
  endpointslices: grouped('discovery.k8s.io/v1', 'endpointslices', 'EndpointSlice', true),
  poddisruptionbudgets: grouped('policy/v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true),
  networkpolicies: grouped('networking.k8s.io/v1', 'networkpolicies', 'NetworkPolicy', true),
  runtimeclasses: grouped('node.k8s.io/v1', 'runtimeclasses', 'RuntimeClass', false),
  [NODE_METRICS]: grouped('metrics.k8s.io/v1beta1', 'nodes', 'NodeMetrics', false),
  [POD_METRICS]: grouped('metrics.k8s.io/v1beta1', 'pods', 'PodMetrics', true),
};

/** The ResourcePath of a resource name; a BAD_REQUEST KubeError naming the known ones when there is none. */
export function resolveResource(resource: string): ResourcePath {
  const path = Object.hasOwn(resourcePaths, resource) ? resourcePaths[resource] : undefined;
  if (!path) {
    throw new KubeError(
      kubeErrorCodes.badRequest,
      `unknown resource "${resource}"; known: ${Object.keys(resourcePaths).join(', ')}`,
    );
  }
  return path;
}
