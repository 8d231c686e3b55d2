/**
 * The health report's PromQL: cluster-wide, aggregated by exporter target (`instance`, `node`), and
 * filtered in Prometheus so an answer holds only what needs attention. node_exporter (Linux) and
 * windows_exporter (Windows) in one query each, joined with `or` (their instances differ by port).
 */

/** Memory used over the whole last hour above this share is listed. */
export const MEMORY_USED_LIMIT = 0.9;
/** A filesystem fuller than this share is listed. */
export const DISK_USED_LIMIT = 0.9;
/** A filesystem whose last hour's trend reaches zero free bytes within this many hours is listed. */
export const DISK_FILL_HOURS = 24;

/**
 * Each answer holds at most this many series, the worst first: under the Prometheus client's default
 * limit of 50 series, so a cluster where everything is full still gets a report (of its worst).
 */
export const MAX_SERIES_PER_QUERY = 40;

const BY_TARGET = 'instance, node';
const worst = (query: string) => `topk(${MAX_SERIES_PER_QUERY}, ${query})`;
// Pseudo and per-pod filesystems fill and empty with their pods; the node's own disks are what matter.
const LINUX_FS =
  'fstype!~"tmpfs|overlay|squashfs|ramfs|nsfs|devtmpfs|autofs|fuse.*",mountpoint!~"/run(/.*)?|/var/lib/kubelet/.+"';
const WINDOWS_FS = 'volume!~"HarddiskVolume.*"';

/** Used share of memory at its lowest over the last hour (highest available over the total). */
function memoryUsed(available: string, total: string): string {
  return `1 - max by (${BY_TARGET}) (max_over_time(${available}[1h])) / max by (${BY_TARGET}) (${total})`;
}

const linuxMemoryUsed = memoryUsed(
  'node_memory_MemAvailable_bytes',
  'max_over_time(node_memory_MemTotal_bytes[1h])',
);
const windowsMemoryUsed = memoryUsed(
  'windows_memory_available_bytes',
  'max_over_time(windows_cs_physical_memory_bytes[1h]) or max_over_time(windows_memory_physical_total_bytes[1h])',
);

/** One series per node whose memory stayed above the limit all hour; value: the lowest used share. */
export const memoryQuery = worst(
  `(${linuxMemoryUsed}) > ${MEMORY_USED_LIMIT} or (${windowsMemoryUsed}) > ${MEMORY_USED_LIMIT}`,
);

interface FsLayout {
  free: string;
  size: string;
  /** The label naming the filesystem. */
  label: string;
}

const LINUX: FsLayout = {
  free: `node_filesystem_avail_bytes{${LINUX_FS}}`,
  size: `node_filesystem_size_bytes{${LINUX_FS}}`,
  label: 'mountpoint',
};
const WINDOWS: FsLayout = {
  free: `windows_logical_disk_free_bytes{${WINDOWS_FS}}`,
  size: `windows_logical_disk_size_bytes{${WINDOWS_FS}}`,
  label: 'volume',
};

function diskUsed(fs: FsLayout): string {
  const by = `${BY_TARGET}, ${fs.label}`;
  return `1 - min by (${by}) (${fs.free}) / max by (${by}) (${fs.size})`;
}

function diskFilling(fs: FsLayout): string {
  const by = `${BY_TARGET}, ${fs.label}`;
  return `(${diskUsed(fs)}) and on (${by}) (min by (${by}) (predict_linear(${fs.free}[1h], ${DISK_FILL_HOURS * 3600})) < 0)`;
}

/** One series per filesystem fuller than the limit; value: its used share now. */
export const diskFullQuery = worst(
  `(${diskUsed(LINUX)}) > ${DISK_USED_LIMIT} or (${diskUsed(WINDOWS)}) > ${DISK_USED_LIMIT}`,
);

/** One series per filesystem whose last hour's trend fills it within the horizon; value: its used share now. */
export const diskFillingQuery = worst(`${diskFilling(LINUX)} or ${diskFilling(WINDOWS)}`);
