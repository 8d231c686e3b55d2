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

/**
 * node_exporter's memory, CPU, root filesystem and eth0 families for one Linux node, labelled as the
 * kube-prometheus scrape labels them (`instance="<ip>:9100"`, `job="node-exporter"`, `node`).
 */
export function linuxNodeHistory(o: NodeHistoryOptions): MetricFamily[] {
  const ts = times(o);
  const d = defaults(o);
  const target = { instance: `${o.address}:9100`, job: 'node-exporter', node: o.node };
  const modes: [mode: string, share: (t: number) => number][] = [
    ['idle', (t) => 1 - d.busy(t)],
    ['user', (t) => d.busy(t) * 0.7],
    ['system', (t) => d.busy(t) * 0.25],
    ['iowait', (t) => d.busy(t) * 0.05],
  ];
  const root = { ...target, device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' };
  const eth0 = { ...target, device: 'eth0' };
  return [
    {
      name: 'node_memory_MemTotal_bytes',
      type: 'gauge',
      help: 'Memory information field MemTotal_bytes.',
      series: [{ labels: target, samples: gauge(ts, () => o.memoryTotalBytes) }],
    },
    {
      name: 'node_memory_MemAvailable_bytes',
      type: 'gauge',
      help: 'Memory information field MemAvailable_bytes.',
      series: [{ labels: target, samples: gauge(ts, o.memoryAvailable) }],
    },
    {
      name: 'node_cpu_seconds',
      type: 'counter',
      help: 'Seconds the CPUs spent in each mode.',
      series: Array.from({ length: d.cpus }, (_, cpu) =>
        modes.map(([mode, share]) => ({
          labels: { ...target, cpu: String(cpu), mode },
          samples: counter(ts, o.stepSeconds, share),
        })),
      ).flat(),
    },
    {
      name: 'node_filesystem_size_bytes',
      type: 'gauge',
      help: 'Filesystem size in bytes.',
      series: [{ labels: root, samples: gauge(ts, () => d.diskTotal) }],
    },
    {
      name: 'node_filesystem_avail_bytes',
      type: 'gauge',
      help: 'Filesystem space available to non-root users in bytes.',
      series: [{ labels: root, samples: gauge(ts, d.diskFree) }],
    },
    {
      name: 'node_network_receive_bytes',
      type: 'counter',
      help: 'Network device statistic receive_bytes.',
      series: [{ labels: eth0, samples: counter(ts, o.stepSeconds, d.rx) }],
    },
    {
      name: 'node_network_transmit_bytes',
      type: 'counter',
      help: 'Network device statistic transmit_bytes.',
      series: [{ labels: eth0, samples: counter(ts, o.stepSeconds, (t) => d.rx(t) / 2) }],
    },
  ];
}

/**
 * windows_exporter's memory, CPU, C: volume and NIC families for one Windows node
 * (`instance="<ip>:9182"`, `job="windows-exporter"`, no node label: matched by address).
 */
export function windowsNodeHistory(o: NodeHistoryOptions): MetricFamily[] {
  const ts = times(o);
  const d = defaults(o);
  const target = { instance: `${o.address}:9182`, job: 'windows-exporter' };
  const modes: [mode: string, share: (t: number) => number][] = [
    ['idle', (t) => 1 - d.busy(t)],
    ['user', (t) => d.busy(t) * 0.6],
    ['privileged', (t) => d.busy(t) * 0.35],
    ['interrupt', (t) => d.busy(t) * 0.05],
  ];
  const volume = { ...target, volume: 'C:' };
  const nic = { ...target, nic: 'Microsoft_Hyper_V_Network_Adapter' };
  return [
    {
      name: 'windows_cs_physical_memory_bytes',
      type: 'gauge',
      help: 'ComputerSystem.TotalPhysicalMemory',
      series: [{ labels: target, samples: gauge(ts, () => o.memoryTotalBytes) }],
    },
    {
      name: 'windows_memory_available_bytes',
      type: 'gauge',
      help: 'The amount of physical memory immediately available for allocation to a process or for system use.',
      series: [{ labels: target, samples: gauge(ts, o.memoryAvailable) }],
    },
    {
      name: 'windows_cpu_time',
      type: 'counter',
      help: 'Time that processor spent in different modes.',
      series: Array.from({ length: d.cpus }, (_, cpu) =>
        modes.map(([mode, share]) => ({
          labels: { ...target, core: `0,${cpu}`, mode },
          samples: counter(ts, o.stepSeconds, share),
        })),
      ).flat(),
    },
    {
      name: 'windows_logical_disk_size_bytes',
      type: 'gauge',
      help: 'Total space in bytes, updates every 10-15 min.',
      series: [{ labels: volume, samples: gauge(ts, () => d.diskTotal) }],
    },
    {
      name: 'windows_logical_disk_free_bytes',
      type: 'gauge',
      help: 'Free space in bytes, updates every 10-15 min.',
      series: [{ labels: volume, samples: gauge(ts, d.diskFree) }],
    },
    {
      name: 'windows_net_bytes_received',
      type: 'counter',
      help: 'Total bytes received by interface.',
      series: [{ labels: nic, samples: counter(ts, o.stepSeconds, d.rx) }],
    },
    {
      name: 'windows_net_bytes_sent',
      type: 'counter',
      help: 'Total bytes transmitted by interface.',
      series: [{ labels: nic, samples: counter(ts, o.stepSeconds, (t) => d.rx(t) / 2) }],
    },
  ];
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
