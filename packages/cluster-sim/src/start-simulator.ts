import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiServer } from './api-server.js';
import { createDisruptionController } from './disruption-controller.js';
import { SimulatorConfigError } from './errors.js';
import { createFaults, type FaultSettings } from './faults.js';
import type { KubeObject } from './kube-object.js';
import { kubeconfigYaml } from './kubeconfig.js';
import { createMetricsProvider } from './metrics-provider.js';
import { createObjectStore, type ObjectStore } from './object-store.js';
import { createPodLifecycle } from './pod-lifecycle.js';
import { type ResourceType, resourceTypeByKey, resourceTypeForKind } from './resource-types.js';
import { loadScenario, populateStore, type ScenarioObject } from './scenario-loader.js';
import { resolveScenarioRules, shiftScenarioRules } from './scenario-rules.js';
import { subresourceHandlers } from './subresources/registry.js';

/** Options of {@link startSimulator}. */
export interface StartSimulatorOptions {
  /** A scenario name under packages/cluster-sim/scenarios (`pdb-drain-blocked`) or a directory path. */
  scenario?: string;
  /**
   * Extra objects to load (after the scenario's), in `kubectl get -o json` form, status included.
   * Any iterable: a generator streams a large cluster into the store without an array of it.
   */
  objects?: Iterable<KubeObject>;
  /** Behaviour rules (the `sim.yaml` value) when not loading a scenario directory. */
  rules?: unknown;
  /** Port to listen on (127.0.0.1); default: a free port. */
  port?: number;
  /** Move scenario timestamps so the newest is now; default true. */
  shiftTimestamps?: boolean;
  /** Initial fault settings (latency, 429/500 rates, dropped watches). */
  faults?: Partial<FaultSettings>;
  clock?: () => Date;
}

/** A running simulator. */
export interface Simulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** A temporary kubeconfig pointing at the simulator (no auth); removed by `close()`. */
  kubeconfigPath: string;
  store: ObjectStore;
  /** How far scenario timestamps were moved (ms). */
  timestampOffsetMs: number;
  /** Changes fault settings at runtime. @throws SimulatorConfigError for invalid values. */
  setFaults(changes: Partial<FaultSettings>): void;
  /** Stops controllers, closes connections and the server, removes the kubeconfig. */
  close(): Promise<void>;
}

const scenariosRoot = fileURLToPath(new URL('../scenarios/', import.meta.url));

/** Resolves a scenario name or directory. @throws SimulatorConfigError when it does not exist. */
export function resolveScenarioDirectory(scenario: string): string {
  const candidates =
    /^[a-z0-9][a-z0-9-]*$/.test(scenario) && !existsSync(scenario) ? [join(scenariosRoot, scenario)] : [];
  candidates.push(isAbsolute(scenario) ? scenario : resolve(scenario));
  const found = candidates.find((c) => existsSync(c));
  if (!found)
    throw new SimulatorConfigError(
      `unknown scenario "${scenario}": not a directory and not a name under ${scenariosRoot}`,
    );
  return found;
}

function scenarioObject(object: KubeObject, i: number): ScenarioObject {
  const type = resourceTypeForKind(String(object.apiVersion), String(object.kind));
  if (!type)
    throw new SimulatorConfigError(
      `objects[${i}]: the simulator does not serve ${object.kind} in ${object.apiVersion}`,
    );
  return { object, type, source: `objects[${i}] (${object.kind} ${object.metadata?.name})` };
}

/**
 * Starts a simulator on 127.0.0.1 and writes a kubeconfig for it.
 * @example
 * const sim = await startSimulator({ scenario: 'pdb-drain-blocked' });
 * execFileSync('kubectl', ['--kubeconfig', sim.kubeconfigPath, 'get', 'nodes']);
 * await sim.close();
 */
export async function startSimulator(options: StartSimulatorOptions = {}): Promise<Simulator> {
  const clock = options.clock ?? (() => new Date());
  const faults = createFaults(options.faults);
  const store = createObjectStore({ clock });
  let rules: unknown = options.rules;
  let timestampOffsetMs = 0;
  const objects: ScenarioObject[] = [];
  if (options.scenario !== undefined) {
    const loaded = await loadScenario(resolveScenarioDirectory(options.scenario), {
      shiftTimestamps: options.shiftTimestamps ?? true,
      now: clock,
    });
    objects.push(...loaded.objects);
    rules = loaded.rules ?? rules;
    timestampOffsetMs = loaded.timestampOffsetMs;
  }
  const namespaceType = resourceTypeByKey('namespaces') as ResourceType;
  for (const name of ['kube-node-lease', 'kube-public', 'kube-system', 'default']) {
    if (!objects.some((o) => o.type === namespaceType && o.object.metadata.name === name)) {
      const object = { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, status: { phase: 'Active' } };
      objects.unshift({ object, type: namespaceType, source: `namespace ${name}` });
    }
  }
  populateStore(store, objects);
  let i = 0;
  for (const object of options.objects ?? []) {
    const isPresentNamespace =
      object.kind === 'Namespace' && store.getJson('namespaces', undefined, String(object.metadata.name));
    if (!isPresentNamespace) populateStore(store, [scenarioObject(object, i)]);
    i++;
  }
  if (rules !== undefined && timestampOffsetMs !== 0)
    rules = shiftScenarioRules(resolveScenarioRules(rules), timestampOffsetMs);

  const controllers = [
    createPodLifecycle({ store, rules, clock }),
    createDisruptionController({ store, clock }),
  ];
  const server = createApiServer({
    store,
    faults,
    subresources: subresourceHandlers,
    metrics: createMetricsProvider({ store, rules, clock }),
    rules,
    clock,
  });
  // Upgraded (exec) sockets leave the HTTP server's bookkeeping; track every socket to close them all.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new SimulatorConfigError(
          `cannot listen on 127.0.0.1:${options.port ?? 0}: ${err.code ?? err.message}`,
        ),
      ),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  for (const c of controllers) c.start();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'triage-sim-'));
  const kubeconfigPath = join(dir, 'kubeconfig.yaml');
  await writeFile(kubeconfigPath, kubeconfigYaml(url), { mode: 0o600 });

  return {
    url,
    kubeconfigPath,
    store,
    timestampOffsetMs,
    setFaults: (changes) => faults.set(changes),
    async close() {
      for (const c of controllers) c.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
