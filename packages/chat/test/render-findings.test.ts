import type { Finding, Severity } from '@triage/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatMessage, SlackBlock } from '../src/chat-adapter.js';
import { renderFindings } from '../src/render-findings.js';
import { blockText, checkMessageLimits } from '../src/slack-limits.js';

function finding(n: number, severity: Severity, over: Partial<Finding> = {}): Finding {
  return {
    severity,
    title: `Finding ${n}`,
    detail: `Detail of finding ${n}`,
    subject: 'node/aks-np1-0',
    evidence: [{ source: `Event Warning/Reason${n}`, text: `evidence ${n}` }],
    ...over,
  };
}

const hugeEvidence = (n: number) =>
  Array.from({ length: 60 }, (_, i) => ({
    source: `log pods/shop/web-${n} #${i}`,
    text: `line ${i} `.repeat(400),
  }));

const sections = (m: ChatMessage) => (m.blocks ?? []).filter((b) => b.type === 'section');
const textOf = (m: ChatMessage) => (m.blocks ?? []).map((b: SlackBlock) => blockText(b)).join('\n');

describe('renderFindings', () => {
  it('keeps 200 findings with huge evidence within every Slack limit and moves the overflow into files', () => {
    const severities: Severity[] = ['critical', 'warning', 'info', 'ok'];
    const findings = Array.from({ length: 200 }, (_, i) =>
      finding(i + 1, severities[i % 4] ?? 'info', { detail: 'd'.repeat(20_000), evidence: hugeEvidence(i) }),
    );
    const { messages, files } = renderFindings(findings);

    expect(messages.length).toBeLessThanOrEqual(12);
    for (const message of messages) {
      expect(checkMessageLimits(message)).toEqual([]);
      expect(message.blocks?.length).toBeLessThanOrEqual(50);
      for (const block of sections(message)) expect(blockText(block).length).toBeLessThanOrEqual(3000);
    }
    // Every finding travels with exactly one message.
    expect(messages.flatMap((m) => m.findings ?? [])).toHaveLength(200);
    // Each cut finding names the one overflow file, and the file holds all of its evidence.
    const first = messages[0];
    expect(first && textOf(first)).toContain('Full text of #1 in `findings.txt` (10 of 60 evidence shown)');
    expect(files.map((f) => f.filename)).toEqual(['findings.txt']);
    const overflow = String(files[0]?.content);
    expect(overflow).toContain('log pods/shop/web-0 #59');
    expect(overflow).toContain('d'.repeat(20_000));
    // What did not fit in messages is listed there too, and the last message says so.
    const last = messages[messages.length - 1];
    expect(last && textOf(last)).toMatch(/…and \d+ more \(.*\) in `findings.txt`/);
    expect(overflow).toContain('#200 [');
  });

  it('gives each critical or warning finding its own reply, most urgent first, and groups the rest', () => {
    const { messages } = renderFindings([
      finding(1, 'info'),
      finding(2, 'warning'),
      finding(3, 'ok'),
      finding(4, 'critical'),
    ]);
    expect(messages.map((m) => m.text)).toEqual([
      ':red_circle: Finding 4',
      ':large_orange_circle: Finding 2',
      'Findings 3–4 of 4',
    ]);
    expect(messages[2]?.findings?.map((f) => f.title)).toEqual(['Finding 1', 'Finding 3']);
    expect(messages[2] && textOf(messages[2])).toContain(':large_blue_circle: *3. Finding 1*');
  });

  it('shows title, detail, evidence with sources, and remediation with steps and the dry-run result', () => {
    const { messages, files } = renderFindings([
      finding(1, 'critical', {
        title: 'PDB blocks drain',
        detail: 'shop/web-pdb allows 0 disruptions',
        evidence: [
          { source: 'PodDisruptionBudget/shop/web-pdb .status', text: 'disruptionsAllowed: 0' },
          { source: 'Deployment/shop/web', text: 'replicas: 1' },
        ],
        remediation: {
          summary: 'Scale web to 2 replicas',
          steps: ['kubectl -n shop scale deploy/web --replicas=2'],
          dryRun: { ok: false, detail: 'quota exceeded' },
        },
      }),
    ]);
    const text = textOf(messages[0] as ChatMessage);
    expect(text).toContain(':red_circle: *PDB blocks drain*\nshop/web-pdb allows 0 disruptions');
    expect(text).toContain('• `PodDisruptionBudget/shop/web-pdb .status` disruptionsAllowed: 0');
    expect(text).toContain('• `Deployment/shop/web` replicas: 1');
    expect(text).toContain(
      ':wrench: *Remediation:* Scale web to 2 replicas\n1. kubectl -n shop scale deploy/web --replicas=2',
    );
    expect(text).toContain(':warning: Dry run failed: quota exceeded');
    expect(files).toEqual([]);
  });

  it('escapes mrkdwn control characters in finding text', () => {
    const { messages } = renderFindings([
      finding(1, 'warning', {
        title: '<!here> crash',
        detail: 'a < b && c > d',
        evidence: [{ source: '<@U1>', text: '<https://x|y>' }],
      }),
    ]);
    const text = textOf(messages[0] as ChatMessage) + messages[0]?.text;
    expect(text).not.toMatch(/<!here>|<@U1>|<https:/);
    expect(text).toContain('a &lt; b &amp;&amp; c &gt; d');
  });

  it('redacts secrets in messages, in files and in the findings the messages carry', () => {
    const { messages, files } = renderFindings([
      finding(1, 'critical', {
        detail: `password=hunter2 ${'x'.repeat(3000)}`,
        evidence: [{ source: 'env', text: 'SLACK_BOT_TOKEN=xoxb-1-2-3' }],
      }),
    ]);
    const everything = JSON.stringify(messages) + files.map((f) => String(f.content)).join('');
    expect(files.map((f) => f.filename)).toEqual(['findings.txt']);
    expect(everything).not.toMatch(/hunter2|xoxb-1-2-3/);
  });

  it('turns attachments into uniquely named files and names them in the message', () => {
    const { messages, files } = renderFindings([
      finding(1, 'critical', {
        attachments: [
          {
            filename: '../etc/logs.zip',
            contentType: 'application/zip',
            content: 'UEsDBA==',
            encoding: 'base64',
          },
          {
            filename: '../etc/logs.zip',
            contentType: 'application/zip',
            content: 'UEsDBA==',
            encoding: 'base64',
          },
        ],
      }),
    ]);
    expect(files.map((f) => f.filename)).toEqual(['.._etc_logs.zip', '.._etc_logs-2.zip']);
    expect(files[0]?.content).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(textOf(messages[0] as ChatMessage)).toContain(
      ':paperclip: `.._etc_logs.zip`, `.._etc_logs-2.zip`',
    );
  });

  it('renders nothing for no findings', () => {
    expect(renderFindings([])).toEqual({ messages: [], files: [] });
  });

  it('respects maxMessages and maxDetailed', () => {
    const findings = Array.from({ length: 30 }, (_, i) => finding(i + 1, 'critical'));
    const { messages, files } = renderFindings(findings, { maxMessages: 3, maxDetailed: 2 });
    expect(messages).toHaveLength(3);
    expect(messages.flatMap((m) => m.findings ?? [])).toHaveLength(30);
    expect(files.map((f) => f.filename)).toEqual(['findings.txt']);
    expect(textOf(messages[2] as ChatMessage)).toContain('…and 8 more (8 critical) in `findings.txt`');
  });

  it('keeps any findings within the limits (property)', () => {
    const severity = fc.constantFrom<Severity>('critical', 'warning', 'info', 'ok');
    const text = fc.string({
      maxLength: 6000,
      unit: fc.constantFrom('a', '&', '<', '>', '`', '\n', ' ', 'é', '🔥'),
    });
    const arbFinding = fc.record({
      severity,
      title: text,
      detail: text,
      subject: fc.string({ maxLength: 300 }),
      evidence: fc.array(fc.record({ source: text, text }), { maxLength: 15 }),
      remediation: fc.option(
        fc.record({
          summary: text,
          steps: fc.array(text, { maxLength: 8 }),
          dryRun: fc.option(fc.record({ ok: fc.boolean(), detail: text }), { nil: undefined }),
        }),
        { nil: undefined },
      ),
      attachments: fc.array(
        fc.record({
          filename: fc.string({ maxLength: 300 }),
          contentType: fc.constant('text/plain'),
          content: fc.string({ maxLength: 50 }),
          encoding: fc.constant<'utf8'>('utf8'),
        }),
        { maxLength: 8 },
      ),
    });
    fc.assert(
      fc.property(fc.array(arbFinding, { maxLength: 40 }), (findings) => {
        const { messages } = renderFindings(findings);
        for (const message of messages) expect(checkMessageLimits(message)).toEqual([]);
        expect(messages.flatMap((m) => m.findings ?? [])).toHaveLength(findings.length);
      }),
      { numRuns: 60 },
    );
  });
});
