import { describe, expect, it } from 'vitest';
import type { SlackBlock } from '../src/chat-adapter.js';
import { type HeadlineView, renderHeadline, renderProgress } from '../src/block-kit.js';
import { checkMessageLimits } from '../src/slack-limits.js';

const base: HeadlineView = {
  cluster: 'prod-aks',
  subject: 'node/aks-np1-0',
  title: 'KubeNodeNotReady',
  state: 'firing',
  signals: 1,
  startedAt: '2026-11-22T12:00:00Z',
};

const allText = (blocks: SlackBlock[] = []) => JSON.stringify(blocks);
const headerText = (blocks: SlackBlock[] = []) => {
  const header = blocks[0];
  return header?.type === 'header' ? header.text.text : '';
};

describe('renderHeadline', () => {
  it('shows title, state, subject, signal count and cluster with a start time Slack localises', () => {
    const message = renderHeadline(base);
    expect(headerText(message.blocks)).toBe(':rotating_light: KubeNodeNotReady');
    const text = allText(message.blocks);
    expect(text).toContain('*Firing*');
    expect(text).toContain('`node/aks-np1-0`');
    expect(text).toContain('1 signal');
    expect(text).toContain('cluster `prod-aks`');
    expect(text).toContain('<!date^1795348800^{date_short_pretty} {time}|2026-11-22 12:00 UTC>');
    expect(message.text).toBe(':rotating_light: Firing: KubeNodeNotReady · node/aks-np1-0 · prod-aks');
  });

  it('gives each state its own emoji and label', () => {
    const seen = new Set<string>();
    for (const state of ['firing', 'investigating', 'findings', 'resolved', 'failed'] as const) {
      const header = headerText(renderHeadline({ ...base, state }).blocks);
      seen.add(header);
    }
    expect(seen.size).toBe(5);
    expect(renderHeadline({ ...base, state: 'resolved' }).text).toMatch(/^:white_check_mark: Resolved:/);
  });

  it('with findings shows counts most urgent first, the top finding, and the update time', () => {
    const message = renderHeadline({
      ...base,
      state: 'findings',
      signals: 3,
      counts: { info: 4, critical: 2, ok: 0 },
      topFinding: { severity: 'critical', title: 'kubelet stopped posting status' },
      updatedAt: '2026-11-22T12:05:00Z',
    });
    expect(headerText(message.blocks)).toBe(':red_circle: KubeNodeNotReady');
    const text = allText(message.blocks);
    expect(text).toContain(':red_circle: 2 critical   :large_blue_circle: 4 info');
    expect(text).not.toContain('0 ok');
    expect(text).toContain('Top finding: :red_circle: *kubelet stopped posting status*');
    expect(text).toContain('3 signals');
    expect(text).toContain('updated <!date^1795349100^');
  });

  it('escapes mrkdwn control characters from alert and cluster text, so no mention or link can form', () => {
    const message = renderHeadline({
      ...base,
      cluster: 'prod <!channel>',
      subject: 'pod/a&b/web',
      note: 'see <https://evil.example|here>',
      topFinding: { severity: 'warning', title: '<@U123> look' },
    });
    const text = allText(message.blocks) + message.text;
    expect(text).not.toMatch(/<!channel>|<@U123>|<https:/);
    expect(text).toContain('prod &lt;!channel&gt;');
    expect(text).toContain('pod/a&amp;b/web');
  });

  it('redacts secrets that reach the headline', () => {
    const message = renderHeadline({ ...base, title: 'leak xoxb-123-456', note: 'password=hunter2' });
    expect(allText(message.blocks) + message.text).not.toMatch(/xoxb-123|hunter2/);
  });

  it('keeps a huge title within the header limit and the message within Slack limits', () => {
    const message = renderHeadline({
      ...base,
      title: 'T'.repeat(5000),
      subject: `pod/ns/${'p'.repeat(5000)}`,
      note: 'n'.repeat(9000),
    });
    expect(headerText(message.blocks).length).toBeLessThanOrEqual(150);
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('shows an unparseable start time as text instead of failing', () => {
    expect(allText(renderHeadline({ ...base, startedAt: 'yesterday <3' }).blocks)).toContain(
      'started yesterday &lt;3',
    );
  });
});

describe('renderProgress', () => {
  it('renders a short context line, escaped and redacted', () => {
    const message = renderProgress('Listing events for <pod> with Bearer abc.def');
    expect(message.text).toBe('Listing events for &lt;pod&gt; with Bearer [REDACTED]');
    expect(message.blocks).toEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: `:hourglass_flowing_sand: ${message.text}` }] },
    ]);
  });
});
