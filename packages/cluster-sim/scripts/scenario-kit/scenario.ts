import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createResourceVersions } from './ids.js';
import type { NodeRef } from './nodes.js';

type KubeObject = Record<string, unknown>;
type Usage = { cpu: string; memory: string };

/** Behaviour rules in the sim.yaml format that src/scenario-rules.ts parses. */
export interface SimRules {
  logs: { pod: string; container?: string; previous?: boolean; text: string }[];
  exec: {
    match: { pod?: string; container?: string; image?: string; command?: string; node?: string };
    stdout?: string;
    stderr?: string;
    exitCode?: number;
    files?: Record<string, string>;
  }[];
  run: {
    match: { image?: string; command?: string; node?: string };
    logs?: string;
    phase?: 'Succeeded' | 'Failed' | 'Running';
    exitCode?: number;
    runningAfterSeconds?: number;
    finishAfterSeconds?: number;
  }[];
  metrics: { nodes: Record<string, Usage>; pods: Record<string, Record<string, Usage>> };
}

/** Files written as a `kind: List` (as `kubectl get -o yaml` prints several objects); the rest are multi-document. */
const LIST_FILES = new Set(['nodes.yaml', 'namespaces.yaml', 'events.yaml']);

/** Collects one scenario's objects (by file) and rules, with shared resourceVersions and pod IP allocation. */
export interface ScenarioBuilder {
  name: string;
  /** The scenario's newest moment: recent heartbeats and events sit just before it. */
  newest: string;
  rv: () => string;
  /** The next free pod IP in the node's 10.244.x.0/24. */
  podIp(node: NodeRef): string;
  add(file: string, ...objects: KubeObject[]): void;
  sim: SimRules;
  files: Map<string, KubeObject[]>;
}

export function createScenario(name: string, newest: string): ScenarioBuilder {
  const next = new Map<string, number>();
  const files = new Map<string, KubeObject[]>();
  return {
    name,
    newest,
    rv: createResourceVersions(),
    podIp(node) {
      const n = next.get(node.name) ?? 4;
      next.set(node.name, n + 1 + (n % 3));
      return `10.244.${node.podCidrOctet}.${n}`;
    },
    add(file, ...objects) {
      const list = files.get(file) ?? [];
      list.push(...objects);
      files.set(file, list);
    },
    sim: { logs: [], exec: [], run: [], metrics: { nodes: {}, pods: {} } },
    files,
  };
}

/** Renders the scenario's files: object files, then sim.yaml. Pure, so tests can compare with what is committed. */
export function renderScenario(s: ScenarioBuilder): Map<string, string> {
  const out = new Map<string, string>();
  // kubectl's style: sequences flush with their key, quoted timestamps (YAML 1.1 rules), sorted keys, no anchors.
  const options = {
    lineWidth: 0,
    indentSeq: false,
    aliasDuplicateObjects: false,
    sortMapEntries: true,
    version: '1.1',
  } as const;
  for (const [file, objects] of s.files) {
    const text = LIST_FILES.has(file)
      ? stringify(
          { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } },
          options,
        )
      : objects.map((o) => stringify(o, options)).join('---\n');
    out.set(file, text);
  }
  const sim: Partial<SimRules> = {};
  if (s.sim.logs.length) sim.logs = s.sim.logs;
  if (s.sim.exec.length) sim.exec = s.sim.exec;
  if (s.sim.run.length) sim.run = s.sim.run;
  sim.metrics = s.sim.metrics;
  out.set(
    'sim.yaml',
    `# Behaviour rules for the ${s.name} scenario (format: src/scenario-rules.ts).\n${stringify(sim, options)}`,
  );
  return out;
}

/** Writes the rendered files into `<root>/<scenario name>/`, leaving README.md alone. */
export function writeScenario(root: string, s: ScenarioBuilder): void {
  const dir = join(root, s.name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of renderScenario(s)) writeFileSync(join(dir, file), text);
}
