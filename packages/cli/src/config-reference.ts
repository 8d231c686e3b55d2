import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { z } from 'zod';
import { triageConfigSchema } from './config.js';

/** The source files whose zod schemas make up the configuration, relative to packages/cli/src. */
const schemaSources = [
  'config.ts',
  '../../../services/gateway/src/gateway-config.ts',
  '../../../workers/runner/src/runner-config.ts',
];

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  format?: string;
  additionalProperties?: boolean | JsonSchema;
}

/** What the sources say about the configuration: TSDoc per key path, and the environment overrides. */
interface SourceFacts {
  comments: Map<string, string>;
  env: Map<string, string>;
}

function sourceFiles(): ts.SourceFile[] {
  return schemaSources.map((relative) => {
    const path = new URL(relative, import.meta.url);
    return ts.createSourceFile(path.pathname, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  });
}

/** Every top-level `const NAME = <initializer>` of the files, by name. */
function declarations(files: ts.SourceFile[]): Map<string, ts.Expression> {
  const found = new Map<string, ts.Expression>();
  for (const file of files)
    for (const statement of file.statements)
      if (ts.isVariableStatement(statement))
        for (const d of statement.declarationList.declarations)
          if (ts.isIdentifier(d.name) && d.initializer) found.set(d.name.text, d.initializer);
  return found;
}

/** The object literal a schema expression is built from (`z.strictObject({...}).default(...)`, or a named schema). */
function shapeOf(
  node: ts.Expression,
  named: Map<string, ts.Expression>,
  seen = new Set<string>(),
): ts.ObjectLiteralExpression | undefined {
  if (ts.isIdentifier(node)) {
    const target = named.get(node.text);
    if (!target || seen.has(node.text)) return undefined;
    return shapeOf(target, named, new Set([...seen, node.text]));
  }
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    const [first] = node.arguments;
    if (
      ['object', 'strictObject', 'looseObject'].includes(method) &&
      first &&
      ts.isObjectLiteralExpression(first)
    )
      return first;
    if (method === 'array' && first) return shapeOf(first, named, seen);
    if (ts.isPropertyAccessExpression(callee)) return shapeOf(callee.expression, named, seen);
  }
  if (ts.isPropertyAccessExpression(node)) return shapeOf(node.expression, named, seen);
  return undefined;
}

function docComment(node: ts.Node): string {
  const text = node.getSourceFile().getFullText();
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  return ranges
    .map((r) => text.slice(r.pos, r.end))
    .filter((c) => c.startsWith('/**'))
    .map((c) =>
      c
        .replace(/^\/\*\*|\*\/$/g, '')
        .split('\n')
        .map((line) => line.replace(/^\s*\* ?/, '').trim())
        .filter((line) => line !== '' && !line.startsWith('@'))
        .join(' '),
    )
    .join(' ')
    .trim();
}

function collectComments(
  shape: ts.ObjectLiteralExpression,
  path: string[],
  named: Map<string, ts.Expression>,
  out: Map<string, string>,
): void {
  for (const property of shape.properties) {
    if (
      !ts.isPropertyAssignment(property) ||
      !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
    )
      continue;
    const key = [...path, property.name.text];
    const comment = docComment(property);
    if (comment) out.set(key.join('.'), comment);
    const nested = shapeOf(property.initializer, named);
    if (nested) collectComments(nested, key, named, out);
  }
}

/** `ENV_KEYS` of config.ts: `[variable, path[]]` pairs, read from the source so the table cannot drift from it. */
function collectEnv(named: Map<string, ts.Expression>): Map<string, string> {
  const env = new Map<string, string>();
  const list = named.get('ENV_KEYS');
  if (!list || !ts.isArrayLiteralExpression(list)) return env;
  for (const entry of list.elements) {
    if (!ts.isArrayLiteralExpression(entry)) continue;
    const [variable, path] = entry.elements;
    if (variable && ts.isStringLiteral(variable) && path && ts.isArrayLiteralExpression(path))
      env.set(path.elements.map((e) => (ts.isStringLiteral(e) ? e.text : '?')).join('.'), variable.text);
  }
  return env;
}

function sourceFacts(): SourceFacts {
  const named = declarations(sourceFiles());
  const comments = new Map<string, string>();
  const root = shapeOf(ts.factory.createIdentifier('triageConfigSchema'), named);
  if (root) collectComments(root, [], named, comments);
  return { comments, env: collectEnv(named) };
}

function typeOf(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(' | ');
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' | ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.type === 'array') return `${s.items ? typeOf(s.items) : 'any'}[]`;
  if (s.type === 'object') return s.properties ? 'object' : 'map';
  const bounds = [
    s.minimum !== undefined && s.minimum > Number.MIN_SAFE_INTEGER ? `≥ ${s.minimum}` : '',
    s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : '',
    s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${s.maximum}` : '',
    s.format ? s.format : '',
    s.minLength ? 'non-empty' : '',
  ].filter(Boolean);
  return `${Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any')}${bounds.length ? ` (${bounds.join(', ')})` : ''}`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function rows(schema: JsonSchema, path: string[], facts: SourceFacts, out: string[]): void {
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const at = [...path, key];
    const dotted = at.join('.');
    const isSection = child.type === 'object' && child.properties;
    const def = child.default === undefined || isSection ? '' : `\`${JSON.stringify(child.default)}\``;
    const env = facts.env.get(dotted);
    out.push(
      `| \`${dotted}\` | ${isSection ? 'section' : cell(typeOf(child))} | ${cell(def)} | ${env ? `\`${env}\`` : ''} | ${cell(facts.comments.get(dotted) ?? '')} |`,
    );
    if (isSection) rows(child, at, facts, out);
    else if (child.type === 'array' && child.items?.properties)
      rows(child.items, [...at.slice(0, -1), `${key}[]`], facts, out);
  }
}

/**
 * docs/CONFIGURATION.md: every key of the configuration file with its type, default, environment
 * override and description, generated from the zod schema (JSON Schema export) and the schemas'
 * TSDoc comments. `npm run docs:config -w @triage/cli` writes it; a test fails when it drifts.
 */
export function renderConfigReference(): string {
  const schema = z.toJSONSchema(triageConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const facts = sourceFacts();
  const table: string[] = [];
  rows(schema, [], facts, table);
  return [
    '# Configuration reference',
    '',
    '<!-- Generated from the config schema (packages/cli/src/config.ts and the gateway and runner',
    '     schemas it includes) by `npm run docs:config -w @triage/cli`. Do not edit by hand. -->',
    '',
    'Triage reads one YAML file (`--config FILE` or `TRIAGE_CONFIG`), then applies the environment',
    'variables below over it, and validates the result once at start: an unknown key or a bad value',
    'stops it with a message naming every problem. Every key is optional; `key[].field` is a field of',
    'each item of the list `key`. Secrets (tokens, passwords) belong in the environment, from a Kubernetes Secret,',
    'not in the file; see docs/INSTALL.md. `TRIAGE_LOG_LEVEL` sets the log level (default `info`).',
    '',
    '| Key | Type | Default | Environment | Description |',
    '| --- | --- | --- | --- | --- |',
    ...table,
    '',
  ].join('\n');
}
