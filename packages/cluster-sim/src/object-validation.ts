import { KubeApiError, type StatusCause } from './errors.js';
import { isPlainObject, type KubeObject } from './kube-object.js';
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

/**
 * Checks what the API server would reject with 422 Invalid: a missing or malformed name, and the
 * required fields of the kinds whose dry-run results matter to callers (pod containers).
 */
export function validateObject(type: ResourceType, obj: KubeObject): void {
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
  if (type.key === 'pods') {
    const spec = obj.spec;
    const containers = isPlainObject(spec) ? spec.containers : undefined;
    if (!Array.isArray(containers) || containers.length === 0) {
      causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' });
    } else {
      containers.forEach((c, i) => {
        if (!isPlainObject(c) || typeof c.name !== 'string' || c.name === '') {
          causes.push({
            reason: 'FieldValueRequired',
            message: 'Required value',
            field: `spec.containers[${i}].name`,
          });
        }
        if (!isPlainObject(c) || typeof c.image !== 'string' || c.image === '') {
          causes.push({
            reason: 'FieldValueRequired',
            message: 'Required value',
            field: `spec.containers[${i}].image`,
          });
        }
      });
    }
  }
  if (causes.length > 0) throw invalid(type, name, causes);
}
