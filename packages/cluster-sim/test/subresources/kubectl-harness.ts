import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { KubeObject } from '../../src/kube-object.js';
import { parseScenarioRules, type ScenarioRules } from '../../src/scenario-rules.js';
import { type Simulator, startSimulator } from '../../src/start-simulator.js';

const fixtures = new URL('../fixtures/subresources/', import.meta.url);

/** The test cluster (`kubectl get -o json` List) and its behaviour rules. */
export function fixtureCluster(): { objects: KubeObject[]; rules: ScenarioRules } {
  const list = JSON.parse(readFileSync(new URL('cluster.json', fixtures), 'utf8')) as { items: KubeObject[] };
  const rules = parseScenarioRules(
    readFileSync(new URL('sim.yaml', fixtures), 'utf8'),
    'fixtures/subresources/sim.yaml',
  );
  return { objects: list.items, rules };
}

/** Starts a simulator on the fixture cluster; `extraRules` edits the rules first. */
export async function startFixtureSimulator(
  edit?: (rules: ScenarioRules) => ScenarioRules,
): Promise<Simulator> {
  const { objects, rules } = fixtureCluster();
  return startSimulator({ objects, rules: edit ? edit(rules) : rules });
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real kubectl against the simulator; never rejects (the exit code is in the result). */
export function kubectl(
  sim: Simulator,
  args: string[],
  options: { input?: string | Buffer; timeoutMs?: number } = {},
): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', sim.kubeconfigPath, ...args],
      { timeout: options.timeoutMs ?? 60_000, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** Polls until `check` returns a value (not undefined), for state that changes on the simulator's clock. */
export async function eventually<T>(
  check: () => T | undefined,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
