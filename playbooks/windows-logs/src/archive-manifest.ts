import type { LogSection } from './log-sections.js';

/** The section the collector prints last: the archive's path and size, then each member and its size. */
export const ARCHIVE_SECTION = 'archive';

/** What the collector packed on the node. */
export interface ArchiveManifest {
  /** `C:\k\debug\triage-<yyyyMMdd-HHmmss>.tar` */
  path: string;
  bytes: number;
  members: { name: string; bytes: number }[];
}

/** Only archives the collector names this way are copied: the path goes into a command on the node. */
const ARCHIVE_PATH = /^C:\\k\\debug\\triage-\d{8}-\d{6}\.tar$/;

function entry(line: string): { name: string; bytes: number } | undefined {
  const m = /^(.+)\t(\d{1,15})$/.exec(line.trim());
  return m?.[1] && m[2] ? { name: m[1], bytes: Number(m[2]) } : undefined;
}

/**
 * The `==> archive <==` section of the collector's output (`<path>\t<bytes>`, then `<member>\t<bytes>`
 * lines); undefined when there is none, or when the path is not a collector archive under C:\k\debug.
 */
export function archiveManifest(sections: readonly LogSection[]): ArchiveManifest | undefined {
  const section = sections.find((s) => s.source === ARCHIVE_SECTION);
  const [first, ...rest] = section?.lines ?? [];
  const archive = first ? entry(first) : undefined;
  if (!archive || !ARCHIVE_PATH.test(archive.name)) return undefined;
  return {
    path: archive.name,
    bytes: archive.bytes,
    members: rest.flatMap((line) => entry(line) ?? []),
  };
}

/** `12.3 MiB`, `840 KiB`, `512 B`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} B`;
}
