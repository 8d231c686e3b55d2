import type { DryRunResult, KubeObject } from '@triage/core';
import { KubeError, kubeErrorCodes, type RequestDescription } from './errors.js';
import {
  type ApiAnswer,
  type ApiRequest,
  collectionPath,
  failure,
  statusCauses,
  statusMessage,
} from './kube-request.js';
import { resolveResource } from './resource-paths.js';
import { assertObjectName } from './validate-name.js';

/** Content type of each patch type, as `kubectl patch --type` sends it. */
export const patchContentTypes = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
} as const;

/** One PATCH of one object. */
export interface PatchSpec {
  resource: string;
  name: string;
  namespace?: string | undefined;
  patch: unknown;
  type: 'merge' | 'strategic' | 'json';
}

/** The PATCH request for `spec`, with `dryRun=All` when `dryRun`; names and types are checked first. */
export function patchRequest(spec: PatchSpec, options: { dryRun: boolean }): ApiRequest {
  const path = resolveResource(spec.resource);
  assertObjectName(spec.name);
  const describe: RequestDescription = {
    verb: 'patch',
    resource: spec.resource,
    name: spec.name,
    ...(spec.namespace && { namespace: spec.namespace }),
  };
  const contentType = Object.hasOwn(patchContentTypes, spec.type) ? patchContentTypes[spec.type] : undefined;
  if (!contentType) {
    throw new KubeError(
      kubeErrorCodes.badRequest,
      `unknown patch type ${JSON.stringify(spec.type)}: merge, strategic or json`,
    );
  }
  return {
    method: 'PATCH',
    path: `${collectionPath(path, spec.namespace, describe)}/${encodeURIComponent(spec.name)}`,
    ...(options.dryRun && { query: new URLSearchParams({ dryRun: 'All' }) }),
    describe,
    body: { json: spec.patch, contentType },
  };
}

/**
 * A PATCH answer as a verdict: 2xx accepted (with the resulting object), 422 invalid and 409 conflict
 * refused with the API's message and causes; anything else (403, 404, 5xx) is a KubeError.
 */
export function patchOutcome(answer: ApiAnswer, request: ApiRequest, accepted: string): DryRunResult {
  if (answer.status >= 200 && answer.status < 300) {
    return {
      allowed: true,
      status: answer.status,
      message: accepted,
      ...(isKubeObject(answer.body) && { object: answer.body }),
    };
  }
  if (answer.status === 422 || answer.status === 409) return refused(answer);
  throw failure(answer, request.describe);
}

/** A refusal the change itself earned, with the Status message and causes. */
export function refused(answer: ApiAnswer): DryRunResult {
  const causes = statusCauses(answer.body).map((c) => c.message);
  return {
    allowed: false,
    status: answer.status,
    message: statusMessage(answer.body) ?? `refused (${answer.status})`,
    ...(causes.length > 0 && { causes }),
  };
}

function isKubeObject(body: unknown): body is KubeObject {
  return typeof body === 'object' && body !== null && typeof (body as KubeObject).metadata === 'object';
}
