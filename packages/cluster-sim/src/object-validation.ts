import { KubeApiError, type StatusCause } from './errors.js';
import { isPlainObject, type KubeObject, readPath } from './kube-object.js';
import { type LabelSelectorObject, matchesSelectorObject } from './label-selector.js';
import type { ResourceType } from './resource-types.js';

const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const subdomainHelp =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function invalid(type: ResourceType, name: string, causes: StatusCause[]): KubeApiError {
  const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  const message = `${type.kind} "${name}" is invalid: ${causes.length > 1 ? `[${summary}]` : summary}`;
  return new KubeApiError('Invalid', message, { name, group: type.group, kind: type.kind, causes });
}

/** Whether a string is a valid object name (DNS-1123 subdomain, at most 253 characters). */
export function isValidObjectName(name: string): boolean {
  return name.length <= 253 && subdomain.test(name);
}

type Row = Record<string, unknown>;
const required = (field: string): StatusCause => ({
  reason: 'FieldValueRequired',
  message: 'Required value',
  field,
});
const invalidValue = (field: string, value: unknown, why: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value)}: ${why}`,
  field,
});

function podSpecCauses(spec: unknown, at: string): StatusCause[] {
  const containers = isPlainObject(spec) ? spec.containers : undefined;
  if (!Array.isArray(containers) || containers.length === 0) return [required(`${at}.containers`)];
  return containers.flatMap((c: unknown, i) => {
    const container = isPlainObject(c) ? c : {};
    const causes: StatusCause[] = [];
    if (typeof container.name !== 'string' || container.name === '')
      causes.push(required(`${at}.containers[${i}].name`));
    if (typeof container.image !== 'string' || container.image === '')
      causes.push(required(`${at}.containers[${i}].image`));
    return causes;
  });
}

function workloadCauses(obj: KubeObject, withReplicas: boolean): StatusCause[] {
  const spec = (isPlainObject(obj.spec) ? obj.spec : {}) as Row;
  const causes: StatusCause[] = [];
  const replicas = spec.replicas;
  if (withReplicas && replicas !== undefined && (!Number.isInteger(replicas) || (replicas as number) < 0)) {
    causes.push(invalidValue('spec.replicas', replicas, 'must be greater than or equal to 0'));
  }
  const selector = spec.selector;
  if (!isPlainObject(selector)) return [...causes, required('spec.selector')];
  const labels = readPath(spec, 'template.metadata.labels') as Record<string, string> | undefined;
  if (!matchesSelectorObject(selector as LabelSelectorObject, labels ?? {})) {
    causes.push(
      invalidValue(
        'spec.template.metadata.labels',
        labels ?? {},
        '`selector` does not match template `labels`',
      ),
    );
  }
  return [...causes, ...podSpecCauses(readPath(spec, 'template.spec'), 'spec.template.spec')];
}

function budgetCauses(obj: KubeObject): StatusCause[] {
  const spec = (isPlainObject(obj.spec) ? obj.spec : {}) as Row;
  const causes: StatusCause[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    causes.push(invalidValue('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  for (const field of ['minAvailable', 'maxUnavailable']) {
    const value = spec[field];
    const ok =
      value === undefined ||
      (typeof value === 'number' && Number.isInteger(value) && value >= 0) ||
      (typeof value === 'string' && /^(100|[1-9]?\d)%$/.test(value));
    if (!ok)
      causes.push(
        invalidValue(
          `spec.${field}`,
          value,
          'must be a non-negative integer or a percentage from 0% to 100%',
        ),
      );
  }
  return causes;
}

function serviceCauses(obj: KubeObject): StatusCause[] {
  const ports = readPath(obj, 'spec.ports');
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((p: unknown, i) => {
    const port = isPlainObject(p) ? p.port : undefined;
    return Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535
      ? []
      : [invalidValue(`spec.ports[${i}].port`, port, 'must be between 1 and 65535, inclusive')];
  });
}

/** Spec rules by store key: the ones whose dry-run answers matter to callers proposing changes. */
const specRules: Record<string, (obj: KubeObject) => StatusCause[]> = {
  pods: (obj) => podSpecCauses(obj.spec, 'spec'),
  'deployments.apps': (obj) => workloadCauses(obj, true),
  'replicasets.apps': (obj) => workloadCauses(obj, true),
  'statefulsets.apps': (obj) => workloadCauses(obj, true),
  'daemonsets.apps': (obj) => workloadCauses(obj, false),
  'poddisruptionbudgets.policy': budgetCauses,
  services: serviceCauses,
};

/**
 * Checks what the API server would reject with 422 Invalid: a missing or malformed name and, with
 * `spec` (client writes; not scenario loads or status updates), the kind's spec rules: pod containers,
 * workload selectors matching their template and non-negative replicas, PDB budgets, service ports.
 */
export function validateObject(type: ResourceType, obj: KubeObject, options: { spec: boolean }): void {
  const name = obj.metadata.name ?? '';
  const causes: StatusCause[] = [];
  if (name === '') {
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
      field: 'metadata.name',
    });
  } else if (!isValidObjectName(name)) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": ${subdomainHelp}`,
      field: 'metadata.name',
    });
  }
  if (options.spec) causes.push(...(specRules[type.key]?.(obj) ?? []));
  if (causes.length > 0) throw invalid(type, name, causes);
}
