import { ageOf } from './human-duration.js';
import { isPlainObject, type KubeObject, readPath } from './kube-object.js';
import type { ResourceType } from './resource-types.js';
import { podColumns } from './table-pod-columns.js';

/** One server-side printing column (`meta.k8s.io/v1` TableColumnDefinition) and how to fill it. */
export interface Column {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0: default output; 1: only with `-o wide`. */
  priority: number;
  cell(obj: KubeObject, now: Date): string | number | boolean;
}

type Row = Record<string, unknown>;
const col = (name: string, cell: Column['cell'], priority = 0, type: Column['type'] = 'string'): Column => ({
  name,
  type,
  format: name === 'Name' ? 'name' : '',
  description: name,
  priority,
  cell,
});

export const nameColumn = col('Name', (o) => o.metadata.name ?? '');
export const ageColumn = col('Age', (o, now) => ageOf(o.metadata.creationTimestamp, now));
const str = (v: unknown, fallback = '<none>') =>
  typeof v === 'string' && v !== '' ? v : v === undefined || v === null || v === '' ? fallback : String(v);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const list = (v: unknown): Row[] => (Array.isArray(v) ? (v.filter(isPlainObject) as Row[]) : []);
const joined = (items: string[]) => (items.length > 0 ? items.join(',') : '<none>');
const podTemplateContainers = (o: KubeObject) => list(readPath(o, 'spec.template.spec.containers'));
const selectorText = (o: KubeObject) => {
  const sel = readPath(o, 'spec.selector');
  const labels =
    isPlainObject(sel) && isPlainObject(sel.matchLabels) ? sel.matchLabels : isPlainObject(sel) ? sel : {};
  return joined(
    Object.entries(labels)
      .filter(([, v]) => typeof v === 'string')
      .map(([k, v]) => `${k}=${v}`),
  );
};
const workloadWide = [
  col('Containers', (o) => joined(podTemplateContainers(o).map((c) => str(c.name))), 1),
  col('Images', (o) => joined(podTemplateContainers(o).map((c) => str(c.image))), 1),
  col('Selector', selectorText, 1),
];

function nodeStatus(o: KubeObject): string {
  const ready = list(readPath(o, 'status.conditions')).find((c) => c.type === 'Ready');
  // As printers.go printNode: any Ready status other than True (False or Unknown) prints NotReady.
  const status = ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
  return readPath(o, 'spec.unschedulable') === true ? `${status},SchedulingDisabled` : status;
}

function nodeRoles(o: KubeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(o.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) roles.add(key.slice('node-role.kubernetes.io/'.length));
    else if (key === 'kubernetes.io/role') roles.add(value);
  }
  return joined([...roles].filter((r) => r !== '').sort());
}

const address = (o: KubeObject, type: string) =>
  str(list(readPath(o, 'status.addresses')).find((a) => a.type === type)?.address);

function servicePorts(o: KubeObject): string {
  return joined(
    list(readPath(o, 'spec.ports')).map(
      (p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${str(p.protocol, 'TCP')}`,
    ),
  );
}

function externalIp(o: KubeObject): string {
  const ingress = list(readPath(o, 'status.loadBalancer.ingress')).map((i) => str(i.ip ?? i.hostname, ''));
  const external = (readPath(o, 'spec.externalIPs') as string[] | undefined) ?? [];
  const all = [...external, ...ingress].filter((x) => x !== '');
  if (all.length > 0) return all.join(',');
  if (readPath(o, 'spec.type') === 'LoadBalancer') return '<pending>';
  if (readPath(o, 'spec.type') === 'ExternalName') return str(readPath(o, 'spec.externalName'));
  return '<none>';
}

function endpointsText(o: KubeObject): string {
  const out: string[] = [];
  for (const subset of list(o.subsets)) {
    const ports = list(subset.ports);
    for (const a of list(subset.addresses)) {
      if (ports.length === 0) out.push(str(a.ip));
      for (const p of ports) out.push(`${str(a.ip)}:${p.port}`);
    }
  }
  if (out.length === 0) return '<none>';
  return out.length > 3 ? `${out.slice(0, 3).join(',')} + ${out.length - 3} more...` : out.join(',');
}

function eventObject(o: KubeObject): string {
  const involved = (o.involvedObject ?? o.regarding) as Row | undefined;
  return `${str(involved?.kind, '').toLowerCase()}/${str(involved?.name, '')}`;
}

const eventLastSeen = (o: KubeObject, now: Date) =>
  ageOf(o.lastTimestamp ?? o.deprecatedLastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp, now);

const eventColumns: Column[] = [
  col('Last Seen', eventLastSeen),
  col('Type', (o) => str(o.type, '')),
  col('Reason', (o) => str(o.reason, '')),
  col('Object', eventObject),
  col(
    'Subobject',
    (o) => str(readPath(o, 'involvedObject.fieldPath') ?? readPath(o, 'regarding.fieldPath'), ''),
    1,
  ),
  col(
    'Source',
    (o) => str(readPath(o, 'source.component') ?? o.reportingComponent ?? o.reportingController, ''),
    1,
  ),
  col('Message', (o) => str(o.message ?? o.note, '')),
  col('First Seen', (o, now) => ageOf(o.firstTimestamp ?? o.deprecatedFirstTimestamp ?? o.eventTime, now), 1),
  col('Count', (o) => num(o.count ?? o.deprecatedCount ?? 1), 1, 'integer'),
  col('Name', (o) => o.metadata.name ?? '', 1),
];

const columnsByKey: Record<string, Column[]> = {
  nodes: [
    nameColumn,
    col('Status', nodeStatus),
    col('Roles', nodeRoles),
    ageColumn,
    col('Version', (o) => str(readPath(o, 'status.nodeInfo.kubeletVersion'), '')),
    col('Internal-IP', (o) => address(o, 'InternalIP'), 1),
    col('External-IP', (o) => address(o, 'ExternalIP'), 1),
    col('OS-Image', (o) => str(readPath(o, 'status.nodeInfo.osImage'), '<unknown>'), 1),
    col('Kernel-Version', (o) => str(readPath(o, 'status.nodeInfo.kernelVersion'), '<unknown>'), 1),
    col(
      'Container-Runtime',
      (o) => str(readPath(o, 'status.nodeInfo.containerRuntimeVersion'), '<unknown>'),
      1,
    ),
  ],
  pods: podColumns(nameColumn, ageColumn),
  events: eventColumns,
  'events.events.k8s.io': eventColumns,
  services: [
    nameColumn,
    col('Type', (o) => str(readPath(o, 'spec.type'), 'ClusterIP')),
    col('Cluster-IP', (o) => str(readPath(o, 'spec.clusterIP'))),
    col('External-IP', externalIp),
    col('Port(s)', servicePorts),
    ageColumn,
    col(
      'Selector',
      (o) =>
        joined(
          Object.entries((readPath(o, 'spec.selector') as Row | undefined) ?? {}).map(
            ([k, v]) => `${k}=${v}`,
          ),
        ),
      1,
    ),
  ],
  endpoints: [nameColumn, col('Endpoints', endpointsText), ageColumn],
  namespaces: [nameColumn, col('Status', (o) => str(readPath(o, 'status.phase'), 'Active')), ageColumn],
  configmaps: [
    nameColumn,
    col('Data', (o) => Object.keys({ ...(o.data as Row), ...(o.binaryData as Row) }).length, 0, 'integer'),
    ageColumn,
  ],
  serviceaccounts: [nameColumn, col('Secrets', (o) => list(o.secrets).length, 0, 'integer'), ageColumn],
  'deployments.apps': [
    nameColumn,
    col('Ready', (o) => `${num(readPath(o, 'status.readyReplicas'))}/${num(readPath(o, 'spec.replicas'))}`),
    col('Up-to-date', (o) => num(readPath(o, 'status.updatedReplicas')), 0, 'integer'),
    col('Available', (o) => num(readPath(o, 'status.availableReplicas')), 0, 'integer'),
    ageColumn,
    ...workloadWide,
  ],
  'replicasets.apps': [
    nameColumn,
    col('Desired', (o) => num(readPath(o, 'spec.replicas')), 0, 'integer'),
    col('Current', (o) => num(readPath(o, 'status.replicas')), 0, 'integer'),
    col('Ready', (o) => num(readPath(o, 'status.readyReplicas')), 0, 'integer'),
    ageColumn,
    ...workloadWide,
  ],
  'statefulsets.apps': [
    nameColumn,
    col('Ready', (o) => `${num(readPath(o, 'status.readyReplicas'))}/${num(readPath(o, 'spec.replicas'))}`),
    ageColumn,
    ...workloadWide.slice(0, 2),
  ],
  'daemonsets.apps': [
    nameColumn,
    col('Desired', (o) => num(readPath(o, 'status.desiredNumberScheduled')), 0, 'integer'),
    col('Current', (o) => num(readPath(o, 'status.currentNumberScheduled')), 0, 'integer'),
    col('Ready', (o) => num(readPath(o, 'status.numberReady')), 0, 'integer'),
    col('Up-to-date', (o) => num(readPath(o, 'status.updatedNumberScheduled')), 0, 'integer'),
    col('Available', (o) => num(readPath(o, 'status.numberAvailable')), 0, 'integer'),
    col('Node Selector', (o) =>
      joined(
        Object.entries((readPath(o, 'spec.template.spec.nodeSelector') as Row | undefined) ?? {}).map(
          ([k, v]) => `${k}=${v}`,
        ),
      ),
    ),
    ageColumn,
    ...workloadWide,
  ],
  'endpointslices.discovery.k8s.io': [
    nameColumn,
    col('AddressType', (o) => str(o.addressType, '')),
    col('Ports', (o) => joined(list(o.ports).map((p) => String(p.port ?? '')))),
    col('Endpoints', (o) =>
      joined(list(o.endpoints).flatMap((e) => (e.addresses as string[] | undefined) ?? [])),
    ),
    ageColumn,
  ],
  'poddisruptionbudgets.policy': [
    nameColumn,
    col('Min Available', (o) => str(readPath(o, 'spec.minAvailable'), 'N/A')),
    col('Max Unavailable', (o) => str(readPath(o, 'spec.maxUnavailable'), 'N/A')),
    col('Allowed Disruptions', (o) => num(readPath(o, 'status.disruptionsAllowed')), 0, 'integer'),
    ageColumn,
  ],
  'runtimeclasses.node.k8s.io': [nameColumn, col('Handler', (o) => str(o.handler, '')), ageColumn],
};

/** The printing columns of a resource (Name and Age for kinds without their own). */
export function columnsFor(type: ResourceType): Column[] {
  return columnsByKey[type.key] ?? [nameColumn, ageColumn];
}
