/**
 * Cost of node-health next to `kubectl describe node` on the same node of each seed scenario:
 * API requests (kubectl's from its -v=6 request log; node-health's counted at its KubeReader, one
 * request per get and per list page of 500) and wall time (median of 5; kubectl's includes its
 * process start). Prints a Markdown table.
 *
 * Then the same on the simulator's generated 5,000-node / 150,000-pod / 500,000-event cluster, with the
 * peak memory (max RSS) of `triage run node-health` and of `kubectl describe node` as processes.
 *
 * Run: `npm run bench -w @triage/playbook-node-health`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { generateLargeCluster, largeClusterNodeName, startSimulator } from '@triage/cluster-sim';
import type { KubeReader } from '@triage/core';
import { nodeHealthParams, nodeHealthPlaybook } from '../src/index.js';
import { simulatorContext } from '../test/run-in-simulator.js';

const run = promisify(execFile);
const ROUNDS = 5;
const CASES: [scenario: string, node: string, alert: string][] = [
  ['node-notready-memory', 'aks-userpool-31415926-vmss000001', 'KubeNodeNotReady'],
  ['node-notready-memory', 'aks-userpool-31415926-vmss000000', 'NodeMemoryHighUtilization'],
  ['node-disk-pressure', 'aks-nodepool1-31415926-vmss000002', 'NodeFilesystemAlmostOutOfSpace'],
  ['windows-mixed', 'aksnpwin000000', 'WindowsServerMemoryUsage'],
  ['healthy', 'aks-nodepool1-31415926-vmss000000', 'KubeNodeNotReady'],
];

function counting(kube: KubeReader): { kube: KubeReader; count: () => number } {
  let requests = 0;
  return {
    kube: {
      get: (...args) => {
        requests++;
        return kube.get(...args);
      },
      list: async (resource, options) => {
        const items = await kube.list(resource, options);
        requests += Math.max(1, Math.ceil(items.length / 500));
        return items;
      },
    },
    count: () => requests,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function nodeHealthOnce(kubeconfig: string, node: string, alert: string) {
  let count = () => 0;
  const ctx = simulatorContext(kubeconfig, alert, (kube) => {
    const counted = counting(kube);
    count = counted.count;
    return counted.kube;
  });
  const started = performance.now();
  const findings = await nodeHealthPlaybook.run(ctx, nodeHealthParams.parse({ node }));
  return { ms: performance.now() - started, requests: count(), first: findings[0]?.title ?? '' };
}

async function kubectlOnce(kubeconfig: string, node: string) {
  const started = performance.now();
  const { stderr } = await run('kubectl', ['--kubeconfig', kubeconfig, 'describe', 'node', node, '-v=6']);
  const requests = stderr
    .split('\n')
    .filter((line) => /"Response" verb="|\b(GET|POST) https?:\/\//.test(line)).length;
  return { ms: performance.now() - started, requests };
}

const TRIAGE = fileURLToPath(new URL('../../../packages/cli/bin/triage.js', import.meta.url));
// The built CLI, as a production image runs it (the bench script builds it first).
const TRIAGE_BUILT = fileURLToPath(new URL('../../../packages/cli/dist/main.js', import.meta.url));

/** Peak resident memory (MiB) of a command, from GNU time's %M (KiB). */
async function maxRssMiB(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { stderr } = await run('/usr/bin/time', ['-f', 'maxrss=%M', command, ...args], {
    env,
    maxBuffer: 64 << 20,
  });
  return Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? Number.NaN) / 1024;
}

const rows = [
  '| Scenario / node (alert) | node-health requests | kubectl describe node requests | node-health ms | kubectl ms | First finding |',
  '|---|---:|---:|---:|---:|---|',
];
for (const [scenario, node, alert] of CASES) {
  const sim = await startSimulator({ scenario });
  try {
    const ours = [];
    const theirs = [];
    for (let i = 0; i < ROUNDS; i++) {
      ours.push(await nodeHealthOnce(sim.kubeconfigPath, node, alert));
      theirs.push(await kubectlOnce(sim.kubeconfigPath, node));
    }
    rows.push(
      `| ${scenario} / ${node} (${alert}) | ${ours[0]?.requests} | ${theirs.at(-1)?.requests} (first run ${theirs[0]?.requests}) | ${median(ours.map((o) => o.ms)).toFixed(0)} | ${median(theirs.map((t) => t.ms)).toFixed(0)} | ${ours[0]?.first} |`,
    );
  } finally {
    await sim.close();
  }
}
process.stdout.write(`${rows.join('\n')}\n`);

// The large cluster: the API cost must not grow with the cluster (field selectors, no cluster-wide lists).
const large = await startSimulator({ objects: generateLargeCluster({}) });
try {
  const node = largeClusterNodeName(0);
  const ours = [];
  const theirs = [];
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(await nodeHealthOnce(large.kubeconfigPath, node, 'KubeNodeNotReady'));
    theirs.push(await kubectlOnce(large.kubeconfigPath, node));
  }
  // HOME kept: without it kubectl writes its discovery cache into the working directory.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: large.kubeconfigPath };
  const runArgs = ['run', 'node-health', '--node', node, '--json'];
  const ourRss = await maxRssMiB(process.execPath, [TRIAGE, ...runArgs], env);
  const builtRss = await maxRssMiB(process.execPath, [TRIAGE_BUILT, ...runArgs], env);
  const kubectlRss = await maxRssMiB('kubectl', ['describe', 'node', node], env);
  // What loading the CLI costs before any playbook runs (Node, tsx, every package).
  const baselineRss = await maxRssMiB(process.execPath, [TRIAGE, 'playbooks'], env);
  process.stdout.write(
    [
      '',
      '| 5,000 nodes / 150,000 pods / 500,000 events | node-health | kubectl describe node |',
      '|---|---:|---:|',
      `| API requests | ${ours[0]?.requests} | ${theirs.at(-1)?.requests} (first run ${theirs[0]?.requests}) |`,
      `| wall time, median of ${ROUNDS} | ${median(ours.map((o) => o.ms)).toFixed(0)} ms (in process) | ${median(theirs.map((t) => t.ms)).toFixed(0)} ms (process) |`,
      `| peak memory (max RSS of the process) | ${builtRss.toFixed(0)} MiB built (\`dist/\`); ${ourRss.toFixed(0)} MiB from sources via tsx (\`triage playbooks\` alone: ${baselineRss.toFixed(0)} MiB) | ${kubectlRss.toFixed(0)} MiB |`,
      `| first finding | ${ours[0]?.first} | |`,
      '',
    ].join('\n'),
  );
} finally {
  await large.close();
}
