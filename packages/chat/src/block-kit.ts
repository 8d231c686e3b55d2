import { type Finding, type Severity, severityOrder } from '@triage/core';
import type { ChatMessage, SlackBlock } from './chat-adapter.js';
import { code, safeMrkdwn, truncate } from './mrkdwn.js';
import { redact } from './redact.js';
import { severityEmoji } from './severity-emoji.js';
import { slackLimits } from './slack-limits.js';

/** Where an investigation stands; the headline moves firing → investigating → findings → resolved (or failed). */
export type HeadlineState = 'firing' | 'investigating' | 'findings' | 'resolved' | 'failed';

/** What the headline of an investigation's thread shows. */
export interface HeadlineView {
  cluster: string;
  /** Subject key, e.g. `node/aks-np1-0`. */
  subject: string;
  /** Alert or command name. */
  title: string;
  state: HeadlineState;
  /** Findings so far, by severity. */
  counts?: Partial<Record<Severity, number>>;
  /** How many signals joined this investigation. */
  signals: number;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601. */
  updatedAt?: string;
  topFinding?: Pick<Finding, 'severity' | 'title'>;
  /** One line under the state: why it failed, how it resolved. */
  note?: string;
}

const stateEmoji: Readonly<Record<HeadlineState, string>> = {
  firing: ':rotating_light:',
  investigating: ':mag:',
  findings: ':clipboard:',
  resolved: ':white_check_mark:',
  failed: ':x:',
};

const stateLabel: Readonly<Record<HeadlineState, string>> = {
  firing: 'Firing',
  investigating: 'Investigating',
  findings: 'Findings',
  resolved: 'Resolved',
  failed: 'Investigation failed',
};

/**
 * The headline of an investigation's thread, posted once and updated in place as its state moves.
 *
 * @example renderHeadline({ cluster: 'prod', subject: 'node/n1', title: 'KubeNodeNotReady', state: 'firing',
 *   signals: 1, startedAt: '2026-11-22T12:00:00Z' })
 */
export function renderHeadline(view: HeadlineView): ChatMessage {
  const emoji =
    view.state === 'findings' && view.topFinding
      ? severityEmoji[view.topFinding.severity]
      : stateEmoji[view.state];
  const title = redact(view.title);
  const subject = truncate(safeMrkdwn(view.subject), 300);
  const signals = `${view.signals} signal${view.signals === 1 ? '' : 's'}`;

  const lines = [`*${stateLabel[view.state]}* · ${code(subject)} · ${signals}`];
  const counts = renderCounts(view.counts);
  if (counts) lines.push(counts);
  if (view.topFinding) {
    const top = truncate(safeMrkdwn(view.topFinding.title), 300);
    lines.push(`Top finding: ${severityEmoji[view.topFinding.severity]} *${top}*`);
  }
  if (view.note) lines.push(truncate(safeMrkdwn(view.note), 1000));

  const context = [
    `cluster ${code(truncate(safeMrkdwn(view.cluster), 200))}`,
    `started ${slackDate(view.startedAt)}`,
  ];
  if (view.updatedAt) context.push(`updated ${slackDate(view.updatedAt)}`);

  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${emoji} ${title}`, slackLimits.maxHeaderText),
        emoji: true,
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] },
  ];
  const text = truncate(
    `${emoji} ${stateLabel[view.state]}: ${safeMrkdwn(view.title)} · ${subject} · ${truncate(safeMrkdwn(view.cluster), 200)}`,
    500,
  );
  return { text, blocks };
}

/** A short progress note for the thread (`Checking node conditions…`). */
export function renderProgress(text: string): ChatMessage {
  const safe = truncate(safeMrkdwn(text), 2000);
  return {
    text: safe,
    blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `:hourglass_flowing_sand: ${safe}` }] }],
  };
}

/** `:red_circle: 2 critical  :large_orange_circle: 1 warning`, most urgent first; '' when there are none. */
function renderCounts(counts: HeadlineView['counts']): string {
  if (!counts) return '';
  return severityOrder
    .filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${severityEmoji[s]} ${counts[s]} ${s}`)
    .join('   ');
}

/** Slack renders `<!date^…>` in the reader's time zone; the fallback is UTC. */
function slackDate(iso: string): string {
  // Date.parse is lenient (it reads 'yesterday <3' as a date in 2001): accept ISO 8601 only.
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) return safeMrkdwn(iso);
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}
