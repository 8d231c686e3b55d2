import { describeManifest, type Manifest } from './render-kustomization.js';

/** Triage's own namespace: the one place pods may be created and privileged pods may run. */
export const TRIAGE_NAMESPACE = 'triage-system';

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** Verbs that hand out more than they name. */
const escalatingVerbs = new Set(['escalate', 'bind', 'impersonate']);
/** Resources whose `create` starts a process in a pod (directly or through a controller). */
const podStarting = new Set([
  'pods',
  'pods/exec',
  'pods/attach',
  'pods/portforward',
  'pods/ephemeralcontainers',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
  'replicationcontrollers',
]);
/** Subresources that API servers before 1.31 authorised with `get` (WebSocket upgrades). */
const streamingSubresources = new Set(['pods/exec', 'pods/attach', 'pods/portforward']);
const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

function rbacViolations(m: Manifest): string[] {
  if (m.kind !== 'Role' && m.kind !== 'ClusterRole') return [];
  const where = describeManifest(m);
  const out: string[] = [];
  const rules = (m.rules as PolicyRule[] | undefined) ?? [];
  if (m.aggregationRule) out.push(`${where}: aggregationRule (its rules are whatever other roles say)`);
  rules.forEach((rule, i) => {
    const at = `${where} rule ${i}`;
    const verbs = rule.verbs ?? [];
    const resources = rule.resources ?? [];
    for (const [field, values] of [
      ['verbs', verbs],
      ['resources', resources],
      ['apiGroups', rule.apiGroups ?? []],
      ['resourceNames', rule.resourceNames ?? []],
    ] as const)
      if (values.some((v) => v.includes('*'))) out.push(`${at}: wildcard in ${field}`);
    if (rule.nonResourceURLs?.length) out.push(`${at}: nonResourceURLs`);
    for (const resource of resources)
      if (resource === 'secrets' || resource.startsWith('secrets/')) out.push(`${at}: access to ${resource}`);
    for (const verb of verbs) if (escalatingVerbs.has(verb)) out.push(`${at}: verb ${verb}`);
    const startsProcesses =
      (verbs.includes('create') && resources.some((r) => podStarting.has(r))) ||
      (verbs.includes('get') && resources.some((r) => streamingSubresources.has(r)));
    if (startsProcesses && !(m.kind === 'Role' && m.metadata.namespace === TRIAGE_NAMESPACE))
      out.push(`${at}: ${resources.join(', ')} (${verbs.join(', ')}) outside a Role in ${TRIAGE_NAMESPACE}`);
  });
  return out;
}

interface Container {
  name: string;
  securityContext?: {
    runAsNonRoot?: boolean;
    privileged?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  nodeSelector?: Record<string, string>;
  hostNetwork?: boolean;
  hostPID?: boolean;
  containers?: Container[];
  initContainers?: Container[];
}

function podViolations(m: Manifest): string[] {
  if (!workloadKinds.has(m.kind)) return [];
  const where = describeManifest(m);
  const spec = (m.spec as { template?: { spec?: PodSpec } } | undefined)?.template?.spec ?? {};
  const out: string[] = [];
  if (spec.nodeSelector?.['kubernetes.io/os'] !== 'linux')
    out.push(`${where}: nodeSelector kubernetes.io/os: linux missing`);
  if (spec.hostNetwork || spec.hostPID) out.push(`${where}: host namespaces`);
  if (spec.securityContext?.runAsUser === 0) out.push(`${where}: runAsUser 0`);
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const sc = c.securityContext ?? {};
    const at = `${where} container ${c.name}`;
    if (sc.runAsNonRoot !== true && spec.securityContext?.runAsNonRoot !== true)
      out.push(`${at}: runAsNonRoot not set`);
    if (sc.privileged) out.push(`${at}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${at}: allowPrivilegeEscalation not false`);
    if (sc.readOnlyRootFilesystem !== true) out.push(`${at}: readOnlyRootFilesystem not true`);
    if (!sc.capabilities?.drop?.includes('ALL')) out.push(`${at}: capabilities not dropped`);
    if (!c.resources?.requests?.memory || !c.resources?.limits?.memory)
      out.push(`${at}: memory request or limit missing`);
  }
  return out;
}

function namespaceViolations(m: Manifest): string[] {
  if (m.kind !== 'Namespace') return [];
  const enforce = m.metadata.labels?.['pod-security.kubernetes.io/enforce'];
  if (enforce === 'privileged' && m.metadata.name !== TRIAGE_NAMESPACE)
    return [`${describeManifest(m)}: enforces privileged Pod Security outside ${TRIAGE_NAMESPACE}`];
  return [];
}

/**
 * Least-privilege and hardening checks over rendered manifests: no wildcards, Secrets, escalating
 * verbs or non-resource URLs in any role; pods (and exec/attach) only through a Role in
 * triage-system; Triage's own pods non-root, read-only, unprivileged, on Linux nodes, with memory
 * bounds; privileged Pod Security only for triage-system. Returns one line per violation.
 */
export function policyViolations(manifests: readonly Manifest[]): string[] {
  return manifests.flatMap((m) => [...rbacViolations(m), ...podViolations(m), ...namespaceViolations(m)]);
}
