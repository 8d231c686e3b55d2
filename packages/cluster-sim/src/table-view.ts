import type { KubeObject } from './kube-object.js';
import type { ListResult } from './object-store.js';
import type { ResourceType } from './resource-types.js';
import { columnsFor } from './table-columns.js';

/** How list answers are shaped: a plain `<Kind>List` or a `meta.k8s.io/v1` Table for `kubectl get`. */
export type ListRenderer = 'plain' | 'table';

/** True when the client asked for server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`). */
export function wantsTable(accept: string | undefined): boolean {
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

function tableText(
  type: ResourceType,
  objects: { json: string; obj: KubeObject }[],
  metadata: string,
  now: Date,
): string {
  const columns = columnsFor(type);
  const rows = objects.map(
    ({ json, obj }) => `{"cells":${JSON.stringify(columns.map((c) => c.cell(obj, now)))},"object":${json}}`,
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

/** Serializes one page of a list, without re-serializing the stored items for plain lists. */
export function renderList(
  renderer: ListRenderer,
  type: ResourceType,
  page: ListResult<string>,
  now: Date,
): string {
  const metadata = listMetadata(page);
  if (renderer === 'table') {
    const objects = page.items.map((json) => ({ json, obj: JSON.parse(json) as KubeObject }));
    return tableText(type, objects, metadata, now);
  }
  const apiVersion = type.group === '' ? type.version : `${type.group}/${type.version}`;
  return `{"kind":"${type.kind}List","apiVersion":"${apiVersion}","metadata":${metadata},"items":[${page.items.join(',')}]}`;
}

/** A single object as a one-row Table (for `kubectl get <kind> <name>` and watch events). */
export function renderObject(type: ResourceType, json: string, now: Date): string {
  const obj = JSON.parse(json) as KubeObject;
  const metadata = JSON.stringify({ resourceVersion: obj.metadata.resourceVersion ?? '' });
  return tableText(type, [{ json, obj }], metadata, now);
}
