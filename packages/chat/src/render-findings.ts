import { type Finding, type Severity, severityOrder, sortFindings } from '@triage/core';
import type { ChatFile, ChatMessage, SlackBlock } from './chat-adapter.js';
import { findingText } from './finding-text.js';
import { code, escapeMrkdwn, truncate } from './mrkdwn.js';
import { redactFinding } from './redact.js';
import { severityEmoji } from './severity-emoji.js';

/** How many findings are shown in full and how many replies a batch may take. */
export interface RenderFindingsOptions {
  /** Critical and warning findings shown in full, one reply each (default 10). */
  maxDetailed?: number;
  /** Most replies for the whole batch (default 12); findings that do not fit are listed in `findings.txt`. */
  maxMessages?: number;
}

/** Replies for a thread, most urgent first, and the files they name. */
export interface RenderedFindings {
  messages: ChatMessage[];
  files: ChatFile[];
}

// Budgets per part, chosen so that a detailed reply stays under ~9k characters and 6 blocks.
const budget = {
  title: 250,
  detail: 2000,
  evidenceSource: 150,
  evidenceItem: 400,
  evidenceItems: 10,
  evidenceSection: 2800,
  evidenceSections: 2,
  remediation: 2500,
  step: 400,
  compactTitle: 150,
  compactDetail: 250,
  compactPerMessage: 20,
} as const;

/**
 * Renders findings as thread replies within Slack's limits: critical and warning findings one reply each
 * (title, detail, evidence with sources, remediation with steps and dry-run result), the rest grouped
 * compactly. Whatever is cut lands in one file the messages name (`findings.txt`);
 * findings' own attachments become files too. All text is redacted and mrkdwn-escaped.
 */
export function renderFindings(
  findings: readonly Finding[],
  opts: RenderFindingsOptions = {},
): RenderedFindings {
  const maxMessages = Math.max(1, opts.maxMessages ?? 12);
  const numbered = sortFindings(findings.map(redactFinding)).map((finding, i) => ({ finding, n: i + 1 }));
  // One overflow file per batch: each upload costs Slack calls, and a thread should read as one story.
  const files = new FileSet([OVERFLOW_FILE]);
  const overflow: string[] = [];
  for (const { finding } of numbered) for (const a of finding.attachments ?? []) files.addAttachment(a);

  const urgent = numbered.filter(
    ({ finding }) => finding.severity === 'critical' || finding.severity === 'warning',
  );
  let detailedCount = Math.min(opts.maxDetailed ?? 10, urgent.length, maxMessages);
  if (detailedCount === maxMessages && numbered.length > detailedCount) detailedCount -= 1;
  const detailed = urgent.slice(0, detailedCount);
  const shown = new Set(detailed);
  const rest = numbered.filter((entry) => !shown.has(entry));

  const messages = detailed.map(({ finding, n }) => renderDetailed(finding, n, files, overflow));
  messages.push(...renderCompact(rest, numbered.length, maxMessages - messages.length, overflow));
  const overflowFile = overflow.length > 0 ? [{ filename: OVERFLOW_FILE, content: overflow.join('\n') }] : [];
  return { messages, files: [...overflowFile, ...files.list()] };
}

/** The file that holds whatever the replies of a batch had to cut. */
const OVERFLOW_FILE = 'findings.txt';

type Numbered = { finding: Finding; n: number };

function renderDetailed(finding: Finding, n: number, files: FileSet, overflow: string[]): ChatMessage {
  const emoji = severityEmoji[finding.severity];
  const title = truncate(escapeMrkdwn(finding.title), budget.title);
  const detail = escapeMrkdwn(finding.detail);
  let cut = detail.length > budget.detail || finding.title.length > budget.title;

  const blocks: SlackBlock[] = [
    section(`${emoji} *${title}*\n${truncate(detail, budget.detail)}`),
    context(
      `${finding.severity} · ${code(escapeMrkdwn(finding.subject))} · ${finding.evidence.length} evidence`,
    ),
  ];
  const evidence = evidenceSections(finding);
  blocks.push(...evidence.sections.map(section));
  cut ||= evidence.shown < finding.evidence.length || evidence.cut;
  if (finding.remediation) {
    const remediation = remediationText(finding.remediation);
    cut ||= remediation.cut;
    blocks.push(section(remediation.text));
  }

  const notes: string[] = [];
  if (cut) {
    overflow.push(findingText(finding, n));
    const count =
      evidence.shown < finding.evidence.length
        ? ` (${evidence.shown} of ${finding.evidence.length} evidence shown)`
        : '';
    notes.push(`:page_facing_up: Full text of #${n} in ${code(OVERFLOW_FILE)}${count}`);
  }
  const attached = attachmentNames(finding, files);
  if (attached) notes.push(`:paperclip: ${attached}`);
  if (notes.length > 0) blocks.push(context(notes.join(' · ')));

  return { text: truncate(`${emoji} ${title}`, 300), blocks, findings: [finding] };
}

function evidenceSections(finding: Finding): { sections: string[]; shown: number; cut: boolean } {
  const sections: string[] = [];
  let current = '*Evidence*';
  let shown = 0;
  let cut = false;
  for (const e of finding.evidence.slice(0, budget.evidenceItems)) {
    const source = truncate(escapeMrkdwn(e.source), budget.evidenceSource);
    const text = escapeMrkdwn(e.text.replace(/\s*\n\s*/g, ' ↵ '));
    cut ||= text.length > budget.evidenceItem || e.source.length > budget.evidenceSource;
    const line = `• ${code(source)} ${truncate(text, budget.evidenceItem)}`;
    if (current.length + 1 + line.length > budget.evidenceSection) {
      if (sections.length + 1 >= budget.evidenceSections) break;
      sections.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
    shown += 1;
  }
  if (shown > 0) sections.push(current);
  return { sections, shown, cut };
}

function remediationText(remediation: NonNullable<Finding['remediation']>): { text: string; cut: boolean } {
  const lines = [`:wrench: *Remediation:* ${escapeMrkdwn(remediation.summary)}`];
  remediation.steps.forEach((step, i) => {
    lines.push(`${i + 1}. ${truncate(escapeMrkdwn(step), budget.step)}`);
  });
  if (remediation.dryRun) {
    const { ok, detail } = remediation.dryRun;
    const verdict = ok ? ':white_check_mark: Dry run passed' : ':warning: Dry run failed';
    lines.push(`${verdict}: ${truncate(escapeMrkdwn(detail), budget.step)}`);
  }
  const full = lines.join('\n');
  const stepsCut = remediation.steps.some((s) => s.length > budget.step);
  return { text: truncate(full, budget.remediation), cut: stepsCut || full.length > budget.remediation };
}

/** Groups findings 20 to a reply in at most `slots` replies; the last one points to the overflow file for the rest. */
function renderCompact(entries: Numbered[], total: number, slots: number, overflow: string[]): ChatMessage[] {
  if (entries.length === 0 || slots <= 0) return [];
  const groups: Numbered[][] = [];
  for (let i = 0; i < entries.length && groups.length < slots; i += budget.compactPerMessage) {
    groups.push(entries.slice(i, i + budget.compactPerMessage));
  }
  const listed = groups.flat();
  const hidden = entries.slice(listed.length);
  const needsFile =
    hidden.length > 0 ||
    entries.some(
      ({ finding }) =>
        finding.evidence.length > 0 ||
        finding.remediation ||
        finding.detail.includes('\n') ||
        finding.detail.length > budget.compactDetail,
    );
  if (needsFile) overflow.push(...entries.map(({ finding, n }) => findingText(finding, n)));
  const fileName = needsFile ? OVERFLOW_FILE : undefined;

  return groups.map((group, i) => {
    const first = group[0]?.n ?? 0;
    const last = group[group.length - 1]?.n ?? 0;
    const heading = `Findings ${first}–${last} of ${total}`;
    const blocks: SlackBlock[] = [
      context(`*${heading}*`),
      ...group.map((entry) => section(compactLine(entry))),
    ];
    const findings = group.map(({ finding }) => finding);
    const isLast = i === groups.length - 1;
    if (isLast && hidden.length > 0) {
      findings.push(...hidden.map(({ finding }) => finding));
      blocks.push(
        context(`…and ${hidden.length} more (${severitySummary(hidden)}) in ${code(fileName ?? '')}`),
      );
    } else if (isLast && fileName) {
      blocks.push(context(`:page_facing_up: Evidence and details in ${code(fileName)}`));
    }
    return { text: heading, blocks, findings };
  });
}

function compactLine({ finding, n }: Numbered): string {
  const title = truncate(escapeMrkdwn(finding.title), budget.compactTitle);
  const firstLine = finding.detail.split('\n', 1)[0] ?? '';
  const detail = truncate(escapeMrkdwn(firstLine), budget.compactDetail);
  const extras = [`${finding.evidence.length} evidence`];
  // A count, not names: twenty lines of file names would break the message budget.
  const attachments = finding.attachments?.length ?? 0;
  if (attachments > 0) extras.push(`:paperclip: ${attachments} file${attachments === 1 ? '' : 's'}`);
  return `${severityEmoji[finding.severity]} *${n}. ${title}*\n${detail} _(${extras.join(' · ')})_`;
}

function severitySummary(entries: Numbered[]): string {
  const counts = new Map<Severity, number>();
  for (const { finding } of entries) counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  return severityOrder
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(', ');
}

function attachmentNames(finding: Finding, files: FileSet): string {
  return (finding.attachments ?? [])
    .map((a) => code(escapeMrkdwn(files.nameOf(a) ?? a.filename)))
    .slice(0, 5)
    .join(', ');
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

type Attachment = NonNullable<Finding['attachments']>[number];

/** Files of one batch, with names made safe and unique. */
class FileSet {
  private readonly files: ChatFile[] = [];
  private readonly names = new Set<string>();
  private readonly attachmentNames = new Map<Attachment, string>();

  /** `reserved` names are never given to attachments. */
  constructor(reserved: readonly string[]) {
    for (const name of reserved) this.names.add(name);
  }

  add(filename: string, content: Buffer | string): string {
    const base = filename.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-100) || 'file';
    let name = base;
    for (let i = 2; this.names.has(name); i += 1) name = base.replace(/(\.[^.]*)?$/, `-${i}$1`);
    this.names.add(name);
    this.files.push({ filename: name, content });
    return name;
  }

  addAttachment(attachment: Attachment): void {
    const content =
      attachment.encoding === 'base64' ? Buffer.from(attachment.content, 'base64') : attachment.content;
    this.attachmentNames.set(attachment, this.add(attachment.filename, content));
  }

  nameOf(attachment: Attachment): string | undefined {
    return this.attachmentNames.get(attachment);
  }

  list(): ChatFile[] {
    return [...this.files];
  }
}
