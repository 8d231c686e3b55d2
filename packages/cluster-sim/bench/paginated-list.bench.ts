/**
 * Simulator benchmark on a generated large cluster (default 5,000 nodes, 150,000 pods, 500,000 events):
 * load time, memory after load, and requests/s with p50/p99 latency over real HTTP for paginated pod
 * lists (limit=500 walking `continue`), pods by `spec.nodeName`, and events by involvedObject; plus the
 * real kubectl paging through every pod. Prints a table and, with `--write`, replaces the "Cluster
 * simulator" section of docs/BENCHMARKS.md.
 *
 * Run: `npm run bench:sim -w @triage/cluster-sim` (options: --nodes N --pods N --events N --write).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { generateLargeCluster, largeClusterNodeName } from '../src/large-cluster.js';
import { startSimulator } from '../src/start-simulator.js';

const run = promisify(execFile);
const MEMORY_LIMIT = 2 * 1024 ** 3;

interface Row {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  note: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Times `count` calls of `call` with `concurrency` in flight; returns requests/s and latency percentiles. */
async function measure(
  name: string,
  count: number,
  concurrency: number,
  call: (i: number) => Promise<string>,
): Promise<Row> {
  const latencies: number[] = [];
  let next = 0;
  let note = '';
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        note = await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: count,
    perSecond: count / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    note,
  };
}

async function getJson(url: string): Promise<{ items: unknown[]; metadata: { continue?: string } }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { items: unknown[]; metadata: { continue?: string } };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
}

function renderTable(rows: Row[]): string {
  const lines = ['| Request | Requests | Requests/s | p50 | p99 | Notes |', '|---|---:|---:|---:|---:|---|'];
  for (const r of rows) {
    // A single timed run (the kubectl walk) has a wall time, not a rate or a distribution.
    const rate = r.requests === 1 ? '—' : r.perSecond.toFixed(0);
    const p50 = r.requests === 1 ? `${(r.p50 / 1000).toFixed(1)} s wall` : `${r.p50.toFixed(1)} ms`;
    const p99 = r.requests === 1 ? '—' : `${r.p99.toFixed(1)} ms`;
    lines.push(`| ${r.name} | ${r.requests} | ${rate} | ${p50} | ${p99} | ${r.note} |`);
  }
  return lines.join('\n');
}

/** Replaces (or appends) the `## Cluster simulator` section, leaving every other section alone. */
function writeSection(path: string, section: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf('\n## Cluster simulator\n');
  if (start === -1) {
    writeFileSync(path, `${current.trimEnd()}\n\n${section.trimEnd()}\n`);
    return;
  }
  const after = current.indexOf('\n## ', start + 1);
  const rest = after === -1 ? '' : current.slice(after);
  writeFileSync(path, `${current.slice(0, start)}\n${section.trimEnd()}\n${rest}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string', default: '5000' },
      pods: { type: 'string', default: '150000' },
      events: { type: 'string', default: '500000' },
      write: { type: 'boolean', default: false },
    },
  });
  const size = {
    nodes: Number(values.nodes),
    pods: Number(values.pods),
    events: Number(values.events),
    seed: 1,
  };
  const gc = (globalThis as { gc?: () => void }).gc;

  // A generator streams the cluster into the store: no array of 664k objects at any point.
  const t = performance.now();
  let loaded = 0;
  function* counted() {
    for (const object of generateLargeCluster(size)) {
      loaded++;
      yield object;
    }
  }
  const sim = await startSimulator({ objects: counted() });
  const loadMs = performance.now() - t;
  gc?.();
  const memory = process.memoryUsage();
  const rows: Row[] = [];
  try {
    const base = sim.url;
    // Warm-up: one small request so connection setup is not measured.
    await getJson(`${base}/api/v1/pods?limit=1`);

    let pages = 0;
    let pods = 0;
    let token: string | undefined;
    rows.push(
      await measure(
        'pods, all namespaces, `limit=500` + `continue` (one full walk)',
        Math.ceil(size.pods / 500),
        1,
        async () => {
          const page = await getJson(
            `${base}/api/v1/pods?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
          );
          pages++;
          pods += page.items.length;
          token = page.metadata.continue || undefined;
          return `${pods} pods in ${pages} pages`;
        },
      ),
    );
    if (pods !== size.pods) throw new Error(`walk returned ${pods} pods, expected ${size.pods}`);

    const node = (i: number) => largeClusterNodeName((i * 7919) % size.nodes);
    for (const concurrency of [1, 8]) {
      rows.push(
        await measure(
          `pods by \`spec.nodeName\` (concurrency ${concurrency})`,
          400,
          concurrency,
          async (i) => {
            const list = await getJson(
              `${base}/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node(i)}`)}`,
            );
            return `~${list.items.length} pods per node`;
          },
        ),
      );
    }
    rows.push(
      await measure('events by `involvedObject.kind=Node,involvedObject.name`', 400, 1, async (i) => {
        const list = await getJson(
          `${base}/api/v1/events?fieldSelector=${encodeURIComponent(`involvedObject.kind=Node,involvedObject.name=${node(i)}`)}`,
        );
        return `~${list.items.length} events per node`;
      }),
    );
    const samplePods = (await getJson(`${base}/api/v1/namespaces/team-07/pods?limit=400`)).items as {
      metadata: { name: string };
    }[];
    rows.push(
      await measure(
        'events of one pod (`involvedObject.name`, namespaced)',
        samplePods.length,
        1,
        async (i) => {
          const name = samplePods[i]?.metadata.name ?? '';
          const list = await getJson(
            `${base}/api/v1/namespaces/team-07/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${name}`)}`,
          );
          return `~${list.items.length} events per pod`;
        },
      ),
    );
    rows.push(
      await measure(
        '`kubectl get pods -A --chunk-size=500 -o name` (real kubectl, whole walk)',
        1,
        1,
        async () => {
          const { stdout } = await run(
            'kubectl',
            ['--kubeconfig', sim.kubeconfigPath, 'get', 'pods', '-A', '--chunk-size=500', '-o', 'name'],
            { maxBuffer: 64 * 1024 * 1024 },
          );
          return `${stdout.trim().split('\n').length} pods listed`;
        },
      ),
    );
  } finally {
    await sim.close();
  }

  const heapOk = memory.heapUsed < MEMORY_LIMIT && memory.rss < MEMORY_LIMIT;
  const summary = [
    `Cluster: ${size.nodes} nodes, ${size.pods} pods, ${size.events} events (generateLargeCluster seed 1), plus Deployments/ReplicaSets.`,
    `Generate and load ${loaded} objects (streamed into the simulator's store): ${(loadMs / 1000).toFixed(1)} s.`,
    `Memory after load${gc ? ' and GC' : ''}: heap used ${mib(memory.heapUsed)}, RSS ${mib(memory.rss)} (limit 2 GiB: ${heapOk ? 'met' : 'EXCEEDED'}).`,
  ];
  const table = renderTable(rows);
  console.log(`${summary.join('\n')}\n\n${table}`);
  if (values.write) {
    const docs = fileURLToPath(new URL('../../../docs/BENCHMARKS.md', import.meta.url));
    writeSection(
      docs,
      [
        '## Cluster simulator',
        '',
        `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:sim\` (packages/cluster-sim/bench/paginated-list.bench.ts) on ${cpus().length} cores, Node ${process.versions.node}, shared with other work; client and server in one process, HTTP over loopback with keep-alive.`,
        '',
        ...summary.map((s) => `- ${s}`),
        '',
        table,
        '',
      ].join('\n'),
    );
    console.log(`\nwrote the "Cluster simulator" section of ${docs}`);
  }
  if (!heapOk) process.exitCode = 1;
}

await main();
