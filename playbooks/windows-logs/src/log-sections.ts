/** One file's (or command's) output from the collector: its header path and its lines. */
export interface LogSection {
  source: string;
  lines: string[];
}

const HEADER = /^==> (.+) <==$/;

/**
 * Splits the collector's output into sections at `==> <source> <==` headers (the `tail` convention
 * the collector prints). Text before the first header goes to a section named `collector`.
 */
export function splitSections(text: string): LogSection[] {
  const sections: LogSection[] = [];
  let current: LogSection | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const header = HEADER.exec(raw.trim());
    if (header?.[1]) {
      current = { source: header[1], lines: [] };
      sections.push(current);
      continue;
    }
    if (raw.trim() === '') continue;
    if (!current) {
      current = { source: 'collector', lines: [] };
      sections.push(current);
    }
    current.lines.push(raw);
  }
  return sections;
}

/** Longest quoted log line; kubelet and containerd lines carry long sandbox IDs. */
export const MAX_QUOTED_LINE = 600;

const SECRETS: readonly [RegExp, string][] = [
  [/(authorization:\s*bearer\s+)[^\s"']+/gi, '$1[redacted]'],
  [
    /((?:password|passwd|pwd|secret|token|apikey|api_key|sharedaccesskey|accountkey)["']?\s*[=:]\s*["']?)[^\s"',;]+/gi,
    '$1[redacted]',
  ],
  [/\beyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+/g, '[redacted-jwt]'],
  [/([?&]sig=)[^&\s"']+/gi, '$1[redacted]'],
];

/** A log line fit for evidence: secrets (tokens, passwords, SAS signatures) masked, length capped. */
export function redactLine(line: string): string {
  let out = line.trim();
  for (const [pattern, replacement] of SECRETS) out = out.replace(pattern, replacement);
  return out.length > MAX_QUOTED_LINE ? `${out.slice(0, MAX_QUOTED_LINE)}…` : out;
}

/** klog's `E0304 08:17:41.118302` header → `03-04 08:17:41` (klog has no year); undefined otherwise. */
export function klogTime(line: string): string | undefined {
  const m = /^[IWEF](\d{2})(\d{2}) (\d{2}:\d{2}:\d{2})/.exec(line.trim());
  return m ? `${m[1]}-${m[2]} ${m[3]}` : undefined;
}
