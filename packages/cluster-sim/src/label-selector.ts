import { KubeApiError } from './errors.js';

/** One parsed requirement of a label selector. */
export type LabelRequirement =
  | { key: string; op: 'exists' | 'notExists' }
  | { key: string; op: 'in' | 'notIn'; values: readonly string[] }
  | { key: string; op: 'gt' | 'lt'; value: number };

/** A compiled selector: a predicate over an object's labels. */
export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

/** The structured selector of workloads and PDBs (`spec.selector`). */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }[];
}

const keyPattern = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function badSelector(selector: string, why: string): KubeApiError {
  return new KubeApiError(
    'BadRequest',
    `unable to parse requirement: ${why} (in label selector "${selector}")`,
  );
}

/** Splits at top-level commas (commas inside `in (a,b)` belong to the set). */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(selector.slice(start));
  return selector.trim() === '' ? [] : parts.map((p) => p.trim());
}

function checkKey(selector: string, key: string): string {
  if (!keyPattern.test(key)) throw badSelector(selector, `invalid label key "${key}"`);
  return key;
}

function parseRequirement(selector: string, text: string): LabelRequirement {
  if (text === '') throw badSelector(selector, "found '', expected: identifier");
  const setMatch = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
  if (setMatch) {
    const [, key = '', op, list = ''] = setMatch;
    const values = list.split(',').map((v) => v.trim());
    return { key: checkKey(selector, key), op: op === 'in' ? 'in' : 'notIn', values };
  }
  if (text.startsWith('!')) return { key: checkKey(selector, text.slice(1).trim()), op: 'notExists' };
  const opMatch = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(\S*)$/.exec(text);
  if (opMatch) {
    const [, key = '', op, value = ''] = opMatch;
    checkKey(selector, key);
    if (op === '<' || op === '>') {
      const n = Number(value);
      if (!Number.isInteger(n))
        throw badSelector(selector, `for 'Gt', 'Lt' operators, the value must be an integer`);
      return { key, op: op === '>' ? 'gt' : 'lt', value: n };
    }
    return { key, op: op === '!=' ? 'notIn' : 'in', values: [value] };
  }
  if (/^\S+$/.test(text)) return { key: checkKey(selector, text), op: 'exists' };
  throw badSelector(selector, `found '${text}', expected: identifier, '!', 'in', 'notin', '=', '==', '!='`);
}

/**
 * Parses a label selector string (`app=web,tier!=db,env in (a,b),!legacy`).
 * @throws KubeApiError BadRequest for malformed selectors.
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  return splitRequirements(selector).map((text) => parseRequirement(selector, text));
}

/** True when `labels` satisfy one requirement. */
export function matchesRequirement(req: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  switch (req.op) {
    case 'exists':
      return has;
    case 'notExists':
      return !has;
    case 'in':
      return has && req.values.includes(value as string);
    case 'notIn':
      return !has || !req.values.includes(value as string);
    case 'gt':
    case 'lt': {
      const n = Number(value);
      if (!has || !Number.isInteger(n)) return false;
      return req.op === 'gt' ? n > req.value : n < req.value;
    }
  }
}

/** Compiles requirements into a matcher; an empty list matches everything. */
export function compileLabelRequirements(reqs: readonly LabelRequirement[]): LabelMatcher {
  return (labels) => reqs.every((r) => matchesRequirement(r, labels ?? {}));
}

/**
 * Compiles a label selector string into a predicate.
 * @example compileLabelSelector('app=web')({ app: 'web' }) // true
 */
export function compileLabelSelector(selector: string | undefined): LabelMatcher {
  return compileLabelRequirements(parseLabelSelector(selector ?? ''));
}

/** Converts a structured selector (`matchLabels`/`matchExpressions`) to requirements. */
export function requirementsFromSelectorObject(selector: LabelSelectorObject): LabelRequirement[] {
  const reqs: LabelRequirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
    key,
    op: 'in' as const,
    values: [value],
  }));
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'Exists') reqs.push({ key: e.key, op: 'exists' });
    else if (e.operator === 'DoesNotExist') reqs.push({ key: e.key, op: 'notExists' });
    else reqs.push({ key: e.key, op: e.operator === 'In' ? 'in' : 'notIn', values: e.values ?? [] });
  }
  return reqs;
}

/**
 * True when labels match a structured selector. An empty selector (`{}`) matches everything, as the
 * API's `LabelSelectorAsSelector` does.
 */
export function matchesSelectorObject(
  selector: LabelSelectorObject,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  return compileLabelRequirements(requirementsFromSelectorObject(selector))(labels);
}
