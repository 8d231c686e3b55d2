/**
 * Cost of the health report on the simulator's generated 5,000-node / 150,000-pod / 500,000-event
 * cluster: wall time (median of 3, in process), API requests (counted at the KubeReader: one per list
 * page of 500), and bounded memory shown the plain way: `triage run health-report` as a process under
 * a V8 heap limit (`--max-old-space-size`), its max RSS and wall time, next to one cluster-wide pod
 * list (bench/list-all-pods.ts) under the same limit. The simulator runs in the benchmark's process.
 * Prints a Markdown table.
 *
 * Run: `npm run bench:report` (or `npm run bench -w @triage/playbook-health-report`);
 * options: --nodes N --pods N --events N.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { generateLargeCluster, startSimulator } from '@triage/cluster-sim';
import type { KubeReader } from '@triage/core';
import { simulatorContext } from '@triage/dev-services';
import { createHealthReportPlaybook, createMemoryReportHistory } from '../src/index.js';

const run = promisify(execFile);
const ROUNDS = 3;
const PAGE = 500;
const NOW = '2025-03-04T08:30:00Z';
const CLI_MAIN = fileURLToPath(new URL('../../../packages/cli/src/main.ts', import.meta.url));
const LIST_ALL_PODS = fileURLToPath(new URL('./list-all-pods.ts', import.meta.url));
/** The V8 heap limit both processes run under (the CLI alone, before any playbook, uses ~100 MiB of it). */
const HEAP_LIMIT_MIB = 256;

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '5000' },
    pods: { type: 'string', default: '150000' },
    events: { type: 'string', default: '500000' },
  },
});
const size = { nodes: Number(values.nodes), pods: Number(values.pods), events: Number(values.events) };

function counting(kube: KubeReader) {
  const counts = { requests: 0, lists: 0 };
  const wrapped: KubeReader = {
    get: (...args) => {
      counts.requests++;
      return kube.get(...args);
    },
    list: async (resource, options) => {
      const items = await kube.list(resource, options);
      counts.lists++;
      counts.requests += Math.max(1, Math.ceil(items.length / PAGE));
      return items;
    },
  };
  return { wrapped, counts };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

/** Max RSS (MiB), wall time and outcome of a Node script under a heap limit, from GNU time. */
async function limited(script: string, args: string[], heapMiB: number, env: NodeJS.ProcessEnv) {
  const node = [`--max-old-space-size=${heapMiB}`, '--conditions=source', '--import', 'tsx', script];
  const timed = ['-f', 'maxrss=%M elapsed=%e', process.execPath, ...node, ...args];
  const result = await run('/usr/bin/time', timed, { env, maxBuffer: 256 << 20 }).then(
    ({ stderr }) => ({ ok: true, stderr }),
    (err: { stderr?: string }) => ({ ok: false, stderr: err.stderr ?? '' }),
  );
  return {
    ok: result.ok,
    rssMiB: Number(/maxrss=(\d+)/.exec(result.stderr)?.[1] ?? Number.NaN) / 1024,
    seconds: Number(/elapsed=([\d.]+)/.exec(result.stderr)?.[1] ?? Number.NaN),
    oom: /heap out of memory/i.test(result.stderr),
  };
}

function outcome(r: Awaited<ReturnType<typeof limited>>): string {
  const what = r.ok ? 'completes' : r.oom ? '**fails: JavaScript heap out of memory**' : 'fails';
  return `${what}; max RSS ${r.rssMiB.toFixed(0)} MiB, ${r.seconds.toFixed(0)} s`;
}

const loadStarted = performance.now();
const sim = await startSimulator({ objects: generateLargeCluster({ ...size, seed: 1, now: NOW }) });
const loadSeconds = (performance.now() - loadStarted) / 1000;
try {
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++) {
    const { wrapped, counts } = counting(simulatorContext(sim.kubeconfigPath, { triggerName: 'bench' }).kube);
    const ctx = {
      ...simulatorContext(sim.kubeconfigPath, { triggerName: 'health-report', wrap: () => wrapped }),
      clock: () => new Date(NOW),
    };
    const playbook = createHealthReportPlaybook({ history: createMemoryReportHistory() });
    const started = performance.now();
    const result = await playbook.run(ctx, playbook.params.parse({}));
    rounds.push({ result, ms: performance.now() - started, counts });
  }
  const first = rounds[0];

  const env = { PATH: process.env.PATH, KUBECONFIG: sim.kubeconfigPath };
  const report = await limited(CLI_MAIN, ['run', 'health-report', '--json'], HEAP_LIMIT_MIB, env);
  const baseline = await limited(CLI_MAIN, ['playbooks'], HEAP_LIMIT_MIB, env);
  const naive = await limited(LIST_ALL_PODS, [], HEAP_LIMIT_MIB, env);

  const headline = first?.result[0];
  process.stdout.write(
    [
      `| ${size.nodes.toLocaleString('en')} nodes / ${size.pods.toLocaleString('en')} pods / ${size.events.toLocaleString('en')} events (loaded in ${loadSeconds.toFixed(0)} s) | health-report |`,
      '|---|---:|',
      `| wall time, median of ${ROUNDS} (in process) | ${(median(rounds.map((r) => r.ms)) / 1000).toFixed(1)} s |`,
      `| API requests (list pages of ${PAGE}) | ${first?.counts.requests} in ${first?.counts.lists} lists |`,
      `| \`triage run health-report --json\` as a process, heap limit ${HEAP_LIMIT_MIB} MiB (from sources via tsx) | ${outcome(report)} (\`triage playbooks\` alone: max RSS ${baseline.rssMiB.toFixed(0)} MiB) |`,
      `| one cluster-wide pod list (\`bench/list-all-pods.ts\`), same limit, for comparison | ${outcome(naive)} |`,
      `| headline | ${headline?.title} |`,
      `| findings | ${first?.result.length} (${first?.result
        .map((f) => f.title)
        .slice(1)
        .join('; ')}) |`,
      '',
    ].join('\n'),
  );
} finally {
  await sim.close();
}
