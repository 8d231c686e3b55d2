import { KubeApiError } from './errors.js';
import type { KubeObject } from './kube-object.js';

/** One parsed field requirement (`spec.nodeName=aks-1`, `status.phase!=Running`). */
export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** Selectable field values of one object; absent fields read as "". */
export type FieldValues = Readonly<Record<string, string>>;

type Extractor = (obj: KubeObject) => unknown;

/** Reads a dotted path; the steps are split once, since this runs for every stored object. */
function path(p: string): Extractor {
  const steps = p.split('.');
  return (obj) => {
    let current: unknown = obj;
    for (const step of steps) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[step];
    }
    return current;
  };
}
const boolPath = (p: string): Extractor => {
  const read = path(p);
  return (obj) => (read(obj) === true ? 'true' : 'false');
};

const podIPs = path('status.podIPs');

const eventFields: Record<string, Extractor> = {
  'involvedObject.kind': path('involvedObject.kind'),
  'involvedObject.namespace': path('involvedObject.namespace'),
  'involvedObject.name': path('involvedObject.name'),
  'involvedObject.uid': path('involvedObject.uid'),
  'involvedObject.apiVersion': path('involvedObject.apiVersion'),
  'involvedObject.resourceVersion': path('involvedObject.resourceVersion'),
  'involvedObject.fieldPath': path('involvedObject.fieldPath'),
  reason: path('reason'),
  reportingComponent: path('reportingComponent'),
  source: path('source.component'),
  type: path('type'),
};

/** Selectable fields per store key, beyond metadata.name and metadata.namespace (which every kind has). */
const fieldsByResource: Record<string, Record<string, Extractor>> = {
  pods: {
    'spec.nodeName': path('spec.nodeName'),
    'spec.restartPolicy': path('spec.restartPolicy'),
    'spec.schedulerName': path('spec.schedulerName'),
    'spec.serviceAccountName': path('spec.serviceAccountName'),
    'spec.hostNetwork': boolPath('spec.hostNetwork'),
    'status.phase': path('status.phase'),
    'status.podIP': path('status.podIP'),
    'status.podIPs': (obj) =>
      ((podIPs(obj) as { ip?: string }[] | undefined) ?? []).map((p) => p.ip).join(','),
    'status.nominatedNodeName': path('status.nominatedNodeName'),
  },
  events: eventFields,
  nodes: { 'spec.unschedulable': boolPath('spec.unschedulable') },
  namespaces: { 'status.phase': path('status.phase') },
};

/** events.k8s.io/v1 spells some event fields differently; they select the same stored values. */
const fieldAliases: Record<string, string> = {
  'regarding.kind': 'involvedObject.kind',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.name': 'involvedObject.name',
  'regarding.uid': 'involvedObject.uid',
  'regarding.apiVersion': 'involvedObject.apiVersion',
  'regarding.resourceVersion': 'involvedObject.resourceVersion',
  'regarding.fieldPath': 'involvedObject.fieldPath',
  reportingController: 'reportingComponent',
  'deprecatedSource.component': 'source',
};

/**
 * Values of every selectable field of `obj` (only non-empty ones, to keep large stores small).
 * metadata.name and metadata.namespace are not included: the store keys objects by them.
 */
export function extractFieldValues(storageKey: string, obj: KubeObject): FieldValues {
  const out: Record<string, string> = {};
  for (const [field, extract] of Object.entries(fieldsByResource[storageKey] ?? {})) {
    const value = extract(obj);
    if (value !== undefined && value !== null && value !== '') out[field] = String(value);
  }
  return out;
}

/**
 * Parses a field selector for a resource (`spec.nodeName=n1,status.phase!=Running`).
 * @throws KubeApiError BadRequest `"<f>" is not a known field selector` for unsupported fields.
 */
export function parseFieldSelector(storageKey: string, selector: string | undefined): FieldRequirement[] {
  const known = fieldsByResource[storageKey] ?? {};
  const reqs: FieldRequirement[] = [];
  for (const part of (selector ?? '').split(',')) {
    const text = part.trim();
    if (text === '') continue;
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(text);
    if (!m) throw new KubeApiError('BadRequest', `invalid selector: '${text}'; can't understand '${text}'`);
    const [, rawField = '', op, value = ''] = m;
    const field = fieldAliases[rawField] ?? rawField;
    if (field !== 'metadata.name' && field !== 'metadata.namespace' && !Object.hasOwn(known, field)) {
      throw new KubeApiError('BadRequest', `"${rawField}" is not a known field selector`);
    }
    reqs.push({ field, op: op === '!=' ? '!=' : '=', value: value.trim() });
  }
  return reqs;
}

/** True when an object's name, namespace and field values satisfy every requirement. */
export function matchesFieldRequirements(
  reqs: readonly FieldRequirement[],
  name: string,
  namespace: string,
  values: FieldValues,
): boolean {
  for (const r of reqs) {
    const actual =
      r.field === 'metadata.name'
        ? name
        : r.field === 'metadata.namespace'
          ? namespace
          : (values[r.field] ?? '');
    if ((actual === r.value) !== (r.op === '=')) return false;
  }
  return true;
}
