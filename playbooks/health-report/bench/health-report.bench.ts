/**
 * Cost of the health report on the simulator's generated 5,000-node / 150,000-pod / 500,000-event
 * cluster: wall time (median of 3, in process), API requests (counted at the KubeReader: one per list
 * page of 500), the peak heap the report adds in process (sampled every 10 ms, after a GC) next to
 * what one cluster-wide pod list holds, and the peak memory (max RSS) of `triage run health-report`
 * as a process. The simulator runs in the benchmark's process. Prints Markdown tables.
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
const TRIAGE = fileURLToPath(new URL('../../../packages/cli/bin/triage.js', import.meta.url));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

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

/** Runs `work` and returns its result with the peak heap above the starting (collected) heap. */
async function peakHeap<T>(work: () => Promise<T>): Promise<{ result: T; peakMiB: number; ms: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 10);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { result, peakMiB: (peak - base) / 1024 ** 2, ms: performance.now() - started };
  } finally {
    clearInterval(sampler);
  }
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

/** Peak resident memory (MiB) of a command, from GNU time's %M (KiB). */
async function maxRssMiB(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { stderr } = await run('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, TRIAGE, ...args], {
    env,
    maxBuffer: 256 << 20,
  });
  return Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? Number.NaN) / 1024;
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
    const measured = await peakHeap(() => playbook.run(ctx, playbook.params.parse({})));
    rounds.push({ ...measured, counts });
  }
  const first = rounds[0];
  const naive = await peakHeap(() =>
    simulatorContext(sim.kubeconfigPath, { triggerName: 'naive' }).kube.list('pods'),
  );

  const env = { PATH: process.env.PATH, KUBECONFIG: sim.kubeconfigPath };
  const reportRss = await maxRssMiB(['run', 'health-report', '--json'], env);
  const baselineRss = await maxRssMiB(['playbooks'], env);

  const headline = first?.result[0];
  process.stdout.write(
    [
      `| ${size.nodes.toLocaleString('en')} nodes / ${size.pods.toLocaleString('en')} pods / ${size.events.toLocaleString('en')} events (loaded in ${loadSeconds.toFixed(0)} s) | health-report |`,
      '|---|---:|',
      `| wall time, median of ${ROUNDS} (in process) | ${(median(rounds.map((r) => r.ms)) / 1000).toFixed(1)} s |`,
      `| API requests (list pages of ${PAGE}) | ${first?.counts.requests} in ${first?.counts.lists} lists |`,
      `| peak heap added by the report (in process, median) | ${median(rounds.map((r) => r.peakMiB)).toFixed(0)} MiB |`,
      `| peak heap of one cluster-wide pod list, for comparison | ${naive.peakMiB.toFixed(0)} MiB (${naive.result.length} pods) |`,
      `| max RSS of \`triage run health-report --json\` (from sources via tsx) | ${reportRss.toFixed(0)} MiB (\`triage playbooks\` alone: ${baselineRss.toFixed(0)} MiB) |`,
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
