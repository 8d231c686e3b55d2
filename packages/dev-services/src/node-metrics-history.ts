import type { MetricFamily } from './open-metrics.js';

/** A node's exporter history: who it is, the window, and how busy it was at each moment. */
export interface NodeHistoryOptions {
  node: string;
  /** The node's InternalIP: the `instance` label is `<address>:<exporter port>`. */
  address: string;
  start: Date;
  end: Date;
  stepSeconds: number;
  memoryTotalBytes: number;
  /** Available memory at a unix time (seconds). */
  memoryAvailable(time: number): number;
  /** Share of CPU time busy (0–1) at a unix time; default a steady 20 %. */
  cpuBusy?(time: number): number;
  cpus?: number;
  diskTotalBytes?: number;
  /** Free disk at a unix time; default 60 % free. */
  diskFree?(time: number): number;
  /** Network receive rate in bytes/s at a unix time (transmit is half of it); default 2 MiB/s. */
  networkReceiveRate?(time: number): number;
}

function times(o: NodeHistoryOptions): number[] {
  const out: number[] = [];
  const end = Math.floor(o.end.getTime() / 1000);
  for (let t = Math.floor(o.start.getTime() / 1000); t <= end; t += o.stepSeconds) out.push(t);
  return out;
}

/** A counter that grows by `rate(t) × step` per sample. */
function counter(ts: number[], step: number, rate: (t: number) => number): [number, number][] {
  let total = 1e6;
  return ts.map((t) => {
    total += rate(t) * step;
    return [t, Math.round(total * 1000) / 1000];
  });
}

function gauge(ts: number[], value: (t: number) => number): [number, number][] {
  return ts.map((t) => [t, Math.round(value(t))]);
}

function defaults(o: NodeHistoryOptions) {
  return {
    busy: o.cpuBusy ?? (() => 0.2),
    cpus: o.cpus ?? 4,
    diskTotal: o.diskTotalBytes ?? 128 * 1024 ** 3,
    diskFree: o.diskFree ?? (() => 0.6 * (o.diskTotalBytes ?? 128 * 1024 ** 3)),
    rx: o.networkReceiveRate ?? (() => 2 * 1024 ** 2),
  };
}

/** How one exporter names and labels the families a node history holds. */
interface ExporterLayout {
  port: number;
  job: string;
  /** kube-prometheus adds a `node` label to node_exporter targets; windows_exporter is matched by address. */
  nodeLabel: boolean;
  memoryTotal: [name: string, help: string];
  memoryAvailable: [name: string, help: string];
  /** Counter family of CPU seconds, the label naming the CPU, and each mode's share of busy time. */
  cpu: {
    family: [name: string, help: string];
    label: (cpu: number) => [string, string];
    busyModes: [string, number][];
  };
  disk: { size: [string, string]; free: [string, string]; labels: Record<string, string> };
  network: { received: [string, string]; sent: [string, string]; labels: Record<string, string> };
}

const NODE_EXPORTER: ExporterLayout = {
  port: 9100,
  job: 'node-exporter',
  nodeLabel: true,
  memoryTotal: ['node_memory_MemTotal_bytes', 'Memory information field MemTotal_bytes.'],
  memoryAvailable: ['node_memory_MemAvailable_bytes', 'Memory information field MemAvailable_bytes.'],
  cpu: {
    family: ['node_cpu_seconds', 'Seconds the CPUs spent in each mode.'],
    label: (cpu) => ['cpu', String(cpu)],
    busyModes: [
      ['user', 0.7],
      ['system', 0.25],
      ['iowait', 0.05],
    ],
  },
  disk: {
    size: ['node_filesystem_size_bytes', 'Filesystem size in bytes.'],
    free: ['node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.'],
    labels: { device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' },
  },
  network: {
    received: ['node_network_receive_bytes', 'Network device statistic receive_bytes.'],
    sent: ['node_network_transmit_bytes', 'Network device statistic transmit_bytes.'],
    labels: { device: 'eth0' },
  },
};

const WINDOWS_EXPORTER: ExporterLayout = {
  port: 9182,
  job: 'windows-exporter',
  nodeLabel: false,
  memoryTotal: ['windows_cs_physical_memory_bytes', 'ComputerSystem.TotalPhysicalMemory'],
  memoryAvailable: [
    'windows_memory_available_bytes',
    'The amount of physical memory immediately available for allocation to a process or for system use.',
  ],
  cpu: {
    family: ['windows_cpu_time', 'Time that processor spent in different modes.'],
    label: (cpu) => ['core', `0,${cpu}`],
    busyModes: [
      ['user', 0.6],
      ['privileged', 0.35],
      ['interrupt', 0.05],
    ],
  },
  disk: {
    size: ['windows_logical_disk_size_bytes', 'Total space in bytes, updates every 10-15 min.'],
    free: ['windows_logical_disk_free_bytes', 'Free space in bytes, updates every 10-15 min.'],
    labels: { volume: 'C:' },
  },
  network: {
    received: ['windows_net_bytes_received', 'Total bytes received by interface.'],
    sent: ['windows_net_bytes_sent', 'Total bytes transmitted by interface.'],
    labels: { nic: 'Microsoft_Hyper_V_Network_Adapter' },
  },
};

function nodeHistory(layout: ExporterLayout, o: NodeHistoryOptions): MetricFamily[] {
  const ts = times(o);
  const d = defaults(o);
  const target = {
    instance: `${o.address}:${layout.port}`,
    job: layout.job,
    ...(layout.nodeLabel && { node: o.node }),
  };
  const family = (
    [name, help]: [string, string],
    type: MetricFamily['type'],
    labels: Record<string, string>,
    samples: [number, number][],
  ): MetricFamily => ({ name, help, type, series: [{ labels: { ...target, ...labels }, samples }] });
  const modes: [string, (t: number) => number][] = [
    ['idle', (t) => 1 - d.busy(t)],
    ...layout.cpu.busyModes.map(([mode, share]): [string, (t: number) => number] => [
      mode,
      (t) => d.busy(t) * share,
    ]),
  ];
  const [cpuName, cpuHelp] = layout.cpu.family;
  return [
    family(
      layout.memoryTotal,
      'gauge',
      {},
      gauge(ts, () => o.memoryTotalBytes),
    ),
    family(layout.memoryAvailable, 'gauge', {}, gauge(ts, o.memoryAvailable)),
    {
      name: cpuName,
      help: cpuHelp,
      type: 'counter',
      series: Array.from({ length: d.cpus }, (_, cpu) =>
        modes.map(([mode, share]) => ({
          labels: { ...target, ...Object.fromEntries([layout.cpu.label(cpu)]), mode },
          samples: counter(ts, o.stepSeconds, share),
        })),
      ).flat(),
    },
    family(
      layout.disk.size,
      'gauge',
      layout.disk.labels,
      gauge(ts, () => d.diskTotal),
    ),
    family(layout.disk.free, 'gauge', layout.disk.labels, gauge(ts, d.diskFree)),
    family(layout.network.received, 'counter', layout.network.labels, counter(ts, o.stepSeconds, d.rx)),
    family(
      layout.network.sent,
      'counter',
      layout.network.labels,
      counter(ts, o.stepSeconds, (t) => d.rx(t) / 2),
    ),
  ];
}

/**
 * node_exporter's memory, CPU, root filesystem and eth0 families for one Linux node, labelled as the
 * kube-prometheus scrape labels them (`instance="<ip>:9100"`, `job="node-exporter"`, `node`).
 */
export function linuxNodeHistory(o: NodeHistoryOptions): MetricFamily[] {
  return nodeHistory(NODE_EXPORTER, o);
}

/**
 * windows_exporter's memory, CPU, C: volume and NIC families for one Windows node
 * (`instance="<ip>:9182"`, `job="windows-exporter"`, no node label: matched by address).
 */
export function windowsNodeHistory(o: NodeHistoryOptions): MetricFamily[] {
  return nodeHistory(WINDOWS_EXPORTER, o);
}

/**
 * Available memory of a node whose workload leaks until the kernel OOM-kills it: from `baselineBytes`
 * it falls towards `floorBytes` at each kill time, recovers to `reboundBytes` right after, and falls
 * again towards the next kill; after the last kill it keeps falling at the same pace.
 */
export function oomSawtooth(options: {
  kills: readonly Date[];
  start: Date;
  baselineBytes: number;
  reboundBytes: number;
  floorBytes: number;
}): (time: number) => number {
  const kills = options.kills.map((k) => k.getTime() / 1000).sort((a, b) => a - b);
  const first = kills[0] ?? options.start.getTime() / 1000 + 3600;
  const climbStart = Math.max(options.start.getTime() / 1000, first - 20 * 60);
  return (t) => {
    if (t < climbStart) return options.baselineBytes;
    const next = kills.find((k) => k >= t);
    const previous = [...kills].reverse().find((k) => k < t);
    const from = previous ?? climbStart;
    const top = previous === undefined ? options.baselineBytes : options.reboundBytes;
    const span = (next ?? from + Math.max(300, (first - climbStart) / Math.max(1, kills.length))) - from;
    const progress = Math.min(1.2, (t - from) / span);
    return Math.max(options.floorBytes * 0.5, top - (top - options.floorBytes) * progress);
  };
}
