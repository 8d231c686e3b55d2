import { KubeError, kubeErrorCodes } from './errors.js';

// https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True when `name` is a DNS-1123 subdomain (object names: pods, nodes, events, …). */
export function isObjectName(name: string): boolean {
  return name.length <= 253 && dns1123Subdomain.test(name);
}

/** True when `name` is a DNS-1123 label (namespace names). */
export function isNamespaceName(name: string): boolean {
  return name.length <= 63 && dns1123Label.test(name);
}

/** Throws a BAD_REQUEST KubeError unless `name` is a valid object name. */
export function assertObjectName(name: string): void {
  if (!isObjectName(name)) {
    throw new KubeError(
      kubeErrorCodes.badRequest,
      `invalid object name ${JSON.stringify(name.slice(0, 80))}: expected a DNS-1123 subdomain (lowercase letters, digits, '-', '.', at most 253)`,
    );
  }
}

/** Throws a BAD_REQUEST KubeError unless `namespace` is a valid namespace name. */
export function assertNamespaceName(namespace: string): void {
  if (!isNamespaceName(namespace)) {
    throw new KubeError(
      kubeErrorCodes.badRequest,
      `invalid namespace ${JSON.stringify(namespace.slice(0, 80))}: expected a DNS-1123 label (lowercase letters, digits, '-', at most 63)`,
    );
  }
}
