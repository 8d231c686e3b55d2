import { createHash } from 'node:crypto';
import { type ResourceType, resourceTypes } from './resource-types.js';

/**
 * Just enough OpenAPI v3 for kubectl: `kubectl create/replace` (validation on by default) checks the
 * group-version document for a PATCH operation of the kind that accepts the `fieldValidation` query
 * parameter; when it finds one it leaves validation to the server instead of downloading full schemas.
 */
function groupVersionPath(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group === '' ? `api/${t.version}` : `apis/${t.group}/${t.version}`;
}

function documentFor(gvPath: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const t of resourceTypes) {
    if (groupVersionPath(t) !== gvPath || !t.verbs.includes('patch')) continue;
    const collection = t.namespaced
      ? `/${gvPath}/namespaces/{namespace}/${t.plural}`
      : `/${gvPath}/${t.plural}`;
    paths[`${collection}/{name}`] = {
      patch: {
        operationId: `patch${t.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
        parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({
          name,
          in: 'query',
          schema: { type: 'string', uniqueItems: true },
        })),
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths };
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32).toUpperCase();

/** `GET /openapi/v3`: the index of group-version documents. */
export function openApiV3Index(): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const t of resourceTypes) {
    const gv = groupVersionPath(t);
    paths[gv] ??= { serverRelativeURL: `/openapi/v3/${gv}?hash=${hashOf(JSON.stringify(documentFor(gv)))}` };
  }
  return { paths };
}

/** `GET /openapi/v3/<gv path>`; undefined for groups not served. */
export function openApiV3Document(gvPath: string): unknown {
  return resourceTypes.some((t) => groupVersionPath(t) === gvPath) ? documentFor(gvPath) : undefined;
}
