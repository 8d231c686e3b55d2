import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KubeApiError, ScenarioError } from './errors.js';
import { fromEventsV1 } from './event-conversion.js';
import { isPlainObject, type KubeObject } from './kube-object.js';
import type { ObjectStore } from './object-store.js';
import { type ResourceType, resourceTypeForKind } from './resource-types.js';
import { newestTimestamp, shiftTimestamps } from './timestamp-shift.js';

/** An object read from a scenario file, with where it came from (for error messages). */
export interface ScenarioObject {
  object: KubeObject;
  type: ResourceType;
  /** `nodes.yaml, document 2 (Node aks-np-1)`. */
  source: string;
}

/** A scenario directory, read and checked. */
export interface LoadedScenario {
  directory: string;
  objects: ScenarioObject[];
  /** The raw YAML value of `sim.yaml` (the simulator's behaviour rules); undefined without one. */
  rules: unknown;
  /** How far every timestamp was moved (ms; 0 when not shifted). Log timestamps in the rules move by the same. */
  timestampOffsetMs: number;
}

export interface LoadScenarioOptions {
  /** Move every timestamp so the newest becomes `now()`; default false. */
  shiftTimestamps?: boolean;
  now?: () => Date;
}

/** The simulator's rules file, which is not a Kubernetes object. */
export const rulesFileName = 'sim.yaml';
const maxFileBytes = 256 * 1024 * 1024;
const objectFile = /\.(ya?ml|json)$/i;

function describe(obj: unknown): string {
  if (!isPlainObject(obj)) return 'a non-object value';
  const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
  const plainName = typeof meta.name === 'string' && meta.name !== '' ? meta.name : '(no name)';
  const name = typeof meta.namespace === 'string' ? `${meta.namespace}/${plainName}` : plainName;
  return `${String(obj.kind ?? '(no kind)')} ${name}`;
}

/** Parses one file into its documents (JSON or multi-document YAML). */
function parseDocuments(file: string, text: string): unknown[] {
  if (file.toLowerCase().endsWith('.json')) {
    try {
      return [JSON.parse(text)];
    } catch (err) {
      throw new ScenarioError(`${file}: invalid JSON: ${(err as Error).message}`);
    }
  }
  return parseAllDocuments(text).flatMap((doc, index) => {
    const [error] = doc.errors;
    if (error)
      throw new ScenarioError(
        `${file}, document ${index + 1}: invalid YAML: ${error.message.split('\n')[0]}`,
      );
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (err) {
      // e.g. "Excessive alias count": an alias bomb is refused rather than expanded
      throw new ScenarioError(`${file}, document ${index + 1}: invalid YAML: ${(err as Error).message}`);
    }
    return value === null || value === undefined ? [] : [value];
  });
}

function checkObject(value: unknown, where: string): ScenarioObject {
  const source = `${where} (${describe(value)})`;
  if (!isPlainObject(value))
    throw new ScenarioError(`${where}: expected a Kubernetes object (a mapping), found ${describe(value)}`);
  const { apiVersion, kind, metadata } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    throw new ScenarioError(`${source}: apiVersion and kind are required`);
  const type = resourceTypeForKind(apiVersion, kind);
  if (!type || type.group === 'metrics.k8s.io') {
    throw new ScenarioError(`${source}: the simulator does not serve ${kind} in ${apiVersion}`);
  }
  if (!isPlainObject(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    throw new ScenarioError(`${source}: metadata.name is required`);
  }
  return { object: value as KubeObject, type, source };
}

/** Expands `kind: List` (and `<Kind>List`) dumps into their items. */
function expand(value: unknown, where: string): ScenarioObject[] {
  if (
    isPlainObject(value) &&
    typeof value.kind === 'string' &&
    value.kind.endsWith('List') &&
    'items' in value
  ) {
    if (!Array.isArray(value.items))
      throw new ScenarioError(`${where} (${value.kind}): items must be a list`);
    return value.items.map((item, i) => checkObject(item, `${where}, item ${i + 1}`));
  }
  return [checkObject(value, where)];
}

/**
 * Reads a scenario directory: every `*.yaml`/`*.yml`/`*.json` file holds Kubernetes objects (single
 * objects, multi-document YAML, `kind: List` dumps as `kubectl get -o yaml|json` prints them);
 * `sim.yaml` holds the behaviour rules and is passed through as its raw YAML value.
 * @throws ScenarioError naming the file and the object for anything unreadable or unsupported.
 */
export async function loadScenario(
  directory: string,
  options: LoadScenarioOptions = {},
): Promise<LoadedScenario> {
  let names: string[];
  try {
    names = (await readdir(directory)).filter((n) => objectFile.test(n)).sort();
  } catch (err) {
    throw new ScenarioError(
      `cannot read scenario directory ${directory}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  const objects: ScenarioObject[] = [];
  let rules: unknown;
  for (const name of names) {
    const path = join(directory, name);
    const info = await stat(path);
    if (!info.isFile()) continue;
    if (info.size > maxFileBytes)
      throw new ScenarioError(`${name}: file too large (${info.size} bytes; limit ${maxFileBytes})`);
    const text = await readFile(path, 'utf8');
    if (name === rulesFileName) {
      const [doc] = parseDocuments(name, text);
      rules = doc;
      continue;
    }
    const documents = parseDocuments(name, text);
    documents.forEach((doc, i) => {
      objects.push(...expand(doc, documents.length > 1 ? `${name}, document ${i + 1}` : name));
    });
  }
  let timestampOffsetMs = 0;
  if (options.shiftTimestamps) {
    const newest = newestTimestamp(objects.map((o) => o.object));
    if (newest !== undefined) {
      timestampOffsetMs =
        Math.round(((options.now ?? (() => new Date()))().getTime() - newest) / 1000) * 1000;
      for (const o of objects) o.object = shiftTimestamps(o.object, timestampOffsetMs);
    }
  }
  return { directory: basename(directory), objects, rules, timestampOffsetMs };
}

/**
 * Creates scenario objects in the store, keeping their uids, timestamps and status. Namespaces that
 * objects live in are created when the scenario does not define them.
 * @throws ScenarioError naming the object's source when the store rejects it (duplicates, invalid names).
 */
export function populateStore(store: ObjectStore, objects: readonly ScenarioObject[]): void {
  const ordered = [
    ...objects.filter((o) => o.type.key === 'namespaces'),
    ...objects.filter((o) => o.type.key !== 'namespaces'),
  ];
  for (const { object, type, source } of ordered) {
    try {
      if (type.namespaced) {
        const namespace = object.metadata.namespace || 'default';
        if (!store.getJson('namespaces', undefined, namespace)) {
          store.create(
            'namespaces',
            {
              metadata: { name: namespace },
              spec: { finalizers: ['kubernetes'] },
              status: { phase: 'Active' },
            },
            { keepMetadata: true },
          );
        }
      }
      const stored = type.group === 'events.k8s.io' ? fromEventsV1(object) : object;
      store.create(type.storageKey, stored, { keepMetadata: true });
    } catch (err) {
      if (err instanceof KubeApiError) throw new ScenarioError(`${source}: ${err.message}`, { cause: err });
      throw err;
    }
  }
}
