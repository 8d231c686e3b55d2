/** One served resource, as discovery announces it and the store keys it. */
export interface ResourceType {
  /** Store key: `plural` for the core group, `plural.group` otherwise (`deployments.apps`). */
  readonly key: string;
  /** Store key the objects live under; differs from `key` only for views (events.k8s.io events). */
  readonly storageKey: string;
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly singular: string;
  readonly kind: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  /** Subresource names (`status`, `log`, …) served under `<plural>/<name>/<sub>`. */
  readonly subresources: readonly string[];
  /** Whether metadata.generation is kept and bumped on spec changes. */
  readonly hasGeneration: boolean;
}

const readWrite = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
] as const;
const readOnly = ['get', 'list'] as const;

type Definition = Omit<ResourceType, 'key' | 'storageKey' | 'categories' | 'verbs' | 'hasGeneration'> &
  Partial<Pick<ResourceType, 'storageKey' | 'categories' | 'verbs' | 'hasGeneration'>>;

function define(d: Definition): ResourceType {
  const key = d.group === '' ? d.plural : `${d.plural}.${d.group}`;
  return {
    ...d,
    key,
    storageKey: d.storageKey ?? key,
    categories: d.categories ?? [],
    verbs: d.verbs ?? readWrite,
    hasGeneration: d.hasGeneration ?? false,
  };
}

/** Every resource the simulator serves, in discovery order. */
export const resourceTypes: readonly ResourceType[] = [
  define({
    group: '',
    version: 'v1',
    plural: 'nodes',
    singular: 'node',
    kind: 'Node',
    shortNames: ['no'],
    namespaced: false,
    subresources: ['status'],
  }),
  define({
    group: '',
    version: 'v1',
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    shortNames: ['po'],
    categories: ['all'],
    namespaced: true,
    subresources: ['status', 'log', 'exec', 'attach', 'eviction'],
  }),
  define({
    group: '',
    version: 'v1',
    plural: 'events',
    singular: 'event',
    kind: 'Event',
    shortNames: ['ev'],
    namespaced: true,
    subresources: [],
  }),
  define({
    group: '',
    version: 'v1',
    plural: 'services',
    singular: 'service',
    kind: 'Service',
    shortNames: ['svc'],
    categories: ['all'],
    namespaced: true,
    subresources: ['status'],
  }),
  define({
    group: '',
    version: 'v1',
    plural: 'endpoints',
    singular: 'endpoints',
    kind: 'Endpoints',
    shortNames: ['ep'],
    namespaced: true,
    subresources: [],
  }),
  define({
    group: '',
    version: 'v1',
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    shortNames: ['ns'],
    namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: ['status'],
  }),
  define({
    group: '',
    version: 'v1',
    plural: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    shortNames: ['cm'],
    namespaced: true,
    subresources: [],
  }),
  define({
    group: '',
    version: 'v1',
    plural: 'serviceaccounts',
    singular: 'serviceaccount',
    kind: 'ServiceAccount',
    shortNames: ['sa'],
    namespaced: true,
    subresources: [],
  }),
  ...(
    [
      ['deployments', 'deployment', 'Deployment', 'deploy'],
      ['replicasets', 'replicaset', 'ReplicaSet', 'rs'],
      ['statefulsets', 'statefulset', 'StatefulSet', 'sts'],
      ['daemonsets', 'daemonset', 'DaemonSet', 'ds'],
    ] as const
  ).map(([plural, singular, kind, short]) =>
    define({
      group: 'apps',
      version: 'v1',
      plural,
      singular,
      kind,
      shortNames: [short],
      categories: ['all'],
      namespaced: true,
      subresources: plural === 'daemonsets' ? ['status'] : ['status', 'scale'],
      hasGeneration: true,
    }),
  ),
  define({
    group: 'discovery.k8s.io',
    version: 'v1',
    plural: 'endpointslices',
    singular: 'endpointslice',
    kind: 'EndpointSlice',
    shortNames: [],
    namespaced: true,
    subresources: [],
  }),
  define({
    group: 'policy',
    version: 'v1',
    plural: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    kind: 'PodDisruptionBudget',
    shortNames: ['pdb'],
    namespaced: true,
    subresources: ['status'],
    hasGeneration: true,
  }),
  define({
    group: 'events.k8s.io',
    version: 'v1',
    plural: 'events',
    singular: 'event',
    kind: 'Event',
    // No `ev` here: kubectl warns about ambiguous short names, and `ev` should mean core events.
    shortNames: [],
    namespaced: true,
    subresources: [],
    storageKey: 'events',
  }),
  define({
    group: 'node.k8s.io',
    version: 'v1',
    plural: 'runtimeclasses',
    singular: 'runtimeclass',
    kind: 'RuntimeClass',
    shortNames: [],
    namespaced: false,
    subresources: [],
  }),
  define({
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    plural: 'nodes',
    singular: '',
    kind: 'NodeMetrics',
    shortNames: [],
    namespaced: false,
    verbs: readOnly,
    subresources: [],
  }),
  define({
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    plural: 'pods',
    singular: '',
    kind: 'PodMetrics',
    shortNames: [],
    namespaced: true,
    verbs: readOnly,
    subresources: [],
  }),
  define({
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'networkpolicies',
    singular: 'networkpolicy',
    kind: 'NetworkPolicy',
    shortNames: ['netpol'],
    namespaced: true,
    subresources: [],
    hasGeneration: true,
  }),
  ...(
    [
      ['roles', 'role', 'Role', true],
      ['rolebindings', 'rolebinding', 'RoleBinding', true],
      ['clusterroles', 'clusterrole', 'ClusterRole', false],
      ['clusterrolebindings', 'clusterrolebinding', 'ClusterRoleBinding', false],
    ] as const
  ).map(([plural, singular, kind, namespaced]) =>
    define({
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      plural,
      singular,
      kind,
      shortNames: [],
      namespaced,
      subresources: [],
    }),
  ),
  // KEDA's CRDs, as a cluster with KEDA installed serves them (infra's production overlay applies a ScaledObject).
  define({
    group: 'keda.sh',
    version: 'v1alpha1',
    plural: 'scaledobjects',
    singular: 'scaledobject',
    kind: 'ScaledObject',
    shortNames: ['so'],
    namespaced: true,
    subresources: ['status'],
    hasGeneration: true,
  }),
  define({
    group: 'keda.sh',
    version: 'v1alpha1',
    plural: 'triggerauthentications',
    singular: 'triggerauthentication',
    kind: 'TriggerAuthentication',
    shortNames: ['ta'],
    namespaced: true,
    subresources: [],
  }),
];

/** Resources held in the object store (metrics come from a provider, events.k8s.io is a view). */
export const storedResourceTypes: readonly ResourceType[] = resourceTypes.filter(
  (t) => t.group !== 'metrics.k8s.io' && t.storageKey === t.key,
);

/** `apiVersion` string of a resource type (`v1`, `apps/v1`). */
export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** Finds a served resource by group, version and plural; undefined when not served. */
export function findResourceType(group: string, version: string, plural: string): ResourceType | undefined {
  return resourceTypes.find((t) => t.group === group && t.version === version && t.plural === plural);
}

/** Finds a stored resource by store key (`pods`, `deployments.apps`); undefined when unknown. */
export function resourceTypeByKey(key: string): ResourceType | undefined {
  return resourceTypes.find((t) => t.key === key);
}

/** Finds the stored resource for an object's apiVersion and kind (as files and request bodies carry them). */
export function resourceTypeForKind(apiVersion: string, kind: string): ResourceType | undefined {
  return resourceTypes.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
}
