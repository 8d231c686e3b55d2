/** Where a node's exporter metrics are: its name, its InternalIP and which exporter it runs. */
export interface MetricsTarget {
  node: string;
  address?: string;
  os: 'linux' | 'windows';
}

/** The PromQL node-health runs for one node, each answering one series. */
export interface NodeMetricQueries {
  memoryAvailable: string;
  memoryTotal: string;
  /** Share of CPU time not idle (0–1), averaged over the node's CPUs. */
  cpuBusy: string;
  /** Free share (0–1) of the root filesystem (Linux `/`, Windows `C:`). */
  diskFree: string;
  receiveRate: string;
  transmitRate: string;
}

/** Escapes a value for a PromQL regex inside a double-quoted string (`.` becomes `\\.`). */
function regexLiteral(value: string): string {
  return value.replace(/[\\^$.*+?()[\]{}|]/g, (c) => `\\\\${c}`);
}

/** The port each exporter listens on: node_exporter (Linux) and windows_exporter (Windows). */
const EXPORTER_PORTS = { linux: '9100', windows: '9182' } as const;

/** The names a node's exporter series may carry in `instance`: its name, then its InternalIP. */
function hostsOf(target: MetricsTarget): string[] {
  return [target.node, ...(target.address ? [target.address] : [])];
}

/**
 * The inverse of the selectors below, for cluster-wide queries aggregated `by (instance, node)`: the
 * node a series belongs to, by its `node` label or by `instance` (name or IP, with or without the
 * exporter port); undefined for a series of no target.
 */
export function seriesNodeMatcher(
  targets: readonly MetricsTarget[],
): (labels: Readonly<Record<string, string>>) => string | undefined {
  const byNode = new Set(targets.map((t) => t.node));
  const byInstance = new Map<string, string>();
  for (const t of targets)
    for (const host of hostsOf(t)) {
      byInstance.set(host, t.node);
      byInstance.set(`${host}:${EXPORTER_PORTS[t.os]}`, t.node);
    }
  return (labels) =>
    (labels.node && byNode.has(labels.node) ? labels.node : undefined) ??
    (labels.instance ? byInstance.get(labels.instance) : undefined);
}

/**
 * The node's series of `metric`, whichever way the scrape labelled it: `instance` as the node name or
 * its IP with or without the exporter port (node_exporter 9100, windows_exporter 9182), or a `node`
 * label (kube-prometheus relabelling). `wrap` applies a function to each selector (`rate(…[5m])`).
 */
function selectNode(
  target: MetricsTarget,
  metric: string,
  extra = '',
  wrap: (selector: string) => string = (s) => s,
): string {
  const hosts = hostsOf(target).map(regexLiteral).join('|');
  const port = EXPORTER_PORTS[target.os];
  const more = extra ? `,${extra}` : '';
  return `${wrap(`${metric}{instance=~"(${hosts})(:${port})?"${more}}`)} or ${wrap(`${metric}{node="${target.node}"${more}}`)}`;
}

const rate5m = (s: string) => `rate(${s}[5m])`;
// Over 2 minutes rather than the 5-minute lookback: a dip between steps still shows, and a line stops
// within 2 minutes of the node's last sample (a node that went silent is part of the story).
export const MEMORY_WINDOW_SECONDS = 120;
const lowest2m = (s: string) => `min_over_time(${s}[${MEMORY_WINDOW_SECONDS}s])`;
const highest2m = (s: string) => `max_over_time(${s}[${MEMORY_WINDOW_SECONDS}s])`;
const LINUX_VIRTUAL_NICS = 'device!~"lo|veth.*|azv.*|cali.*|cilium.*|lxc.*|docker.*|cni.*|flannel.*"';

/** node_exporter (Linux) or windows_exporter (Windows) queries for memory, CPU, disk and network. */
export function nodeMetricQueries(target: MetricsTarget): NodeMetricQueries {
  const sel = (metric: string, extra?: string, wrap?: (s: string) => string) =>
    selectNode(target, metric, extra, wrap);
  if (target.os === 'windows')
    return {
      memoryAvailable: `max(${sel('windows_memory_available_bytes', '', lowest2m)})`,
      memoryTotal: `max(${sel('windows_cs_physical_memory_bytes', '', highest2m)} or ${sel('windows_memory_physical_total_bytes', '', highest2m)})`,
      cpuBusy: `1 - avg(${sel('windows_cpu_time_total', 'mode="idle"', rate5m)})`,
      diskFree: `min(${sel('windows_logical_disk_free_bytes', 'volume="C:"')}) / max(${sel('windows_logical_disk_size_bytes', 'volume="C:"')})`,
      receiveRate: `sum(${sel('windows_net_bytes_received_total', '', rate5m)})`,
      transmitRate: `sum(${sel('windows_net_bytes_sent_total', '', rate5m)})`,
    };
  return {
    memoryAvailable: `max(${sel('node_memory_MemAvailable_bytes', '', lowest2m)})`,
    memoryTotal: `max(${sel('node_memory_MemTotal_bytes', '', highest2m)})`,
    cpuBusy: `1 - avg(${sel('node_cpu_seconds_total', 'mode="idle"', rate5m)})`,
    diskFree: `min(${sel('node_filesystem_avail_bytes', 'mountpoint="/"')}) / max(${sel('node_filesystem_size_bytes', 'mountpoint="/"')})`,
    receiveRate: `sum(${sel('node_network_receive_bytes_total', LINUX_VIRTUAL_NICS, rate5m)})`,
    transmitRate: `sum(${sel('node_network_transmit_bytes_total', LINUX_VIRTUAL_NICS, rate5m)})`,
  };
}
