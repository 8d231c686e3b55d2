import { KubeApiError } from './errors.js';
import type { KubeObject } from './kube-object.js';
import type { ListResult } from './object-store.js';
import type { ResourceType } from './resource-types.js';
import { columnsFor } from './table-columns.js';

/** What each Table row carries besides its cells (`?includeObject=`; the API's default is Metadata). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/**
 * The Table form the client asked for (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`, as
 * kubectl get sends), or undefined for plain JSON.
 * @throws KubeApiError BadRequest for an unknown includeObject value.
 */
export function tableRequest(accept: string | undefined, query: URLSearchParams): IncludeObject | undefined {
  if (!wantsTable(accept)) return undefined;
  const include = query.get('includeObject') ?? 'Metadata';
  if (include !== 'None' && include !== 'Metadata' && include !== 'Object') {
    throw new KubeApiError(
      'BadRequest',
      `includeObject: unsupported value "${include}" (None, Metadata or Object)`,
    );
  }
  return include;
}

function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some(
      (part) =>
        /;\s*as=Table/.test(part) && /;\s*g=meta\.k8s\.io/.test(part) && /;\s*v=v1(;|$|\s)/.test(part),
    );
}

function listMetadata(page: ListResult<string>): string {
  const meta: Record<string, unknown> = { resourceVersion: page.resourceVersion };
  if (page.continue) meta.continue = page.continue;
  if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
  return JSON.stringify(meta);
}

function rowObject(include: IncludeObject, json: string, obj: KubeObject): string {
  if (include === 'None') return '';
  if (include === 'Object') return `,"object":${json}`;
  return `,"object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":${JSON.stringify(obj.metadata)}}`;
}

function tableText(
  type: ResourceType,
  objects: { json: string; obj: KubeObject }[],
  metadata: string,
  now: Date,
  include: IncludeObject,
): string {
  const columns = columnsFor(type);
  const rows = objects.map(
    ({ json, obj }) =>
      `{"cells":${JSON.stringify(columns.map((c) => c.cell(obj, now)))}${rowObject(include, json, obj)}}`,
  );
  const definitions = JSON.stringify(
    columns.map(({ name, type: t, format, description, priority }) => ({
      name,
      type: t,
      format,
      description,
      priority,
    })),
  );
  return `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":${metadata},"columnDefinitions":${definitions},"rows":[${rows.join(',')}]}`;
}

/**
 * Serializes one page of a list: a Table when `table` says what rows carry, else a plain `<Kind>List`
 * built without re-serializing the stored items.
 */
export function renderList(
  type: ResourceType,
  page: ListResult<string>,
  now: Date,
  table?: IncludeObject,
): string {
  const metadata = listMetadata(page);
  if (table) {
    const objects = page.items.map((json) => ({ json, obj: JSON.parse(json) as KubeObject }));
    return tableText(type, objects, metadata, now, table);
  }
  const apiVersion = type.group === '' ? type.version : `${type.group}/${type.version}`;
  return `{"kind":"${type.kind}List","apiVersion":"${apiVersion}","metadata":${metadata},"items":[${page.items.join(',')}]}`;
}

/** A single object as a one-row Table (for `kubectl get <kind> <name>` and watch events). */
export function renderObject(type: ResourceType, json: string, now: Date, include: IncludeObject): string {
  const obj = JSON.parse(json) as KubeObject;
  const metadata = JSON.stringify({ resourceVersion: obj.metadata.resourceVersion ?? '' });
  return tableText(type, [{ json, obj }], metadata, now, include);
}
