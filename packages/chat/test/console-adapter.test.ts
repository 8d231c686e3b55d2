import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Finding } from '@triage/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderFindings, renderHeadline } from '../src/index.js';
import { createConsoleAdapter } from '../src/console-adapter.js';
import { ChatError } from '../src/errors.js';
import { readTranscript } from '../src/transcript.js';

const finding: Finding = {
  severity: 'critical',
  title: 'Pod OOMKilled',
  detail: 'web-1 restarted 5 times',
  subject: 'pod/shop/web-1',
  evidence: [{ source: 'Event Warning/OOMKilling', text: 'Memory cgroup out of memory' }],
};

const headline = (state: 'firing' | 'resolved') =>
  renderHeadline({
    cluster: 'dev',
    subject: 'pod/shop/web-1',
    title: 'KubePodCrashLooping',
    state,
    signals: 1,
    startedAt: '2026-11-22T12:00:00Z',
  });

function capture() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { out, text: () => text };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-chat-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createConsoleAdapter', () => {
  it('prints a thread readably: headline, indented replies, updates and files', async () => {
    const { out, text } = capture();
    const chat = createConsoleAdapter({ out, color: false });
    const ref = await chat.post('alerts', headline('firing'));
    const { messages } = renderFindings([finding]);
    await chat.reply(ref, messages[0] ?? { text: '' });
    await chat.upload(ref, { filename: 'evidence-1.txt', content: 'ééé' });
    await chat.update(ref, headline('resolved'));

    const lines = text().split('\n');
    expect(lines[0]).toBe(`■ #alerts ${ref.ts}`);
    expect(lines[1]).toBe('  🚨 KubePodCrashLooping');
    expect(text()).toContain('  cluster `dev` · started 2026-11-22 12:00 UTC');
    expect(text()).toMatch(
      new RegExp(
        `\\n  ↳ #alerts thread ${ref.ts.replace('.', '\\.')} · \\d+\\.\\d{6}\\n    🔴 \\*Pod OOMKilled\\*`,
      ),
    );
    expect(text()).toContain('    • `Event Warning/OOMKilling` Memory cgroup out of memory');
    expect(text()).toContain(`  📎 evidence-1.txt (6 bytes) #alerts thread ${ref.ts}`);
    expect(text()).toContain(`↻ updated #alerts ${ref.ts}\n  ✅ KubePodCrashLooping`);
    expect(text()).not.toContain('\x1b[');
  });

  it('uses ANSI styles only when asked', async () => {
    const { out, text } = capture();
    await createConsoleAdapter({ out, color: true }).post('alerts', headline('firing'));
    expect(text()).toContain('\x1b[1m');
  });

  it('appends every operation to the transcript as a JSON line, findings included', async () => {
    const path = join(dir, 'new-folder', 'transcript.jsonl');
    const chat = createConsoleAdapter({ out: new PassThrough(), transcriptPath: path });
    const ref = await chat.post('alerts', headline('firing'));
    const { messages } = renderFindings([finding]);
    const reply = await chat.reply(ref, messages[0] ?? { text: '' });
    await chat.upload(reply, { filename: 'logs.txt', title: 'Logs', content: Buffer.from('abc') });
    await chat.update(ref, headline('resolved'));

    const entries = await readTranscript(path);
    expect(entries.map((e) => e.op)).toEqual(['post', 'reply', 'upload', 'update']);
    const [post, replyEntry, upload, update] = entries;
    expect(post).toMatchObject({ channel: 'alerts', ts: ref.ts, text: expect.stringContaining('Firing') });
    expect(post?.threadTs).toBeUndefined();
    expect(replyEntry).toMatchObject({ ts: reply.ts, threadTs: ref.ts, findings: [finding] });
    expect(upload).toMatchObject({ threadTs: ref.ts, filename: 'logs.txt', bytes: 3, text: 'Logs' });
    expect(update).toMatchObject({ ts: ref.ts, text: expect.stringContaining('Resolved') });
    for (const e of entries) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
  });

  it('makes Slack-shaped ts values that are unique and increasing even with a frozen clock', async () => {
    const frozen = new Date('2026-11-22T12:00:00Z');
    const chat = createConsoleAdapter({ out: new PassThrough(), clock: () => frozen });
    const refs = [];
    for (let i = 0; i < 5; i += 1) refs.push(await chat.post('c', { text: `m${i}` }));
    const ts = refs.map((r) => r.ts);
    for (const t of ts) expect(t).toMatch(/^\d{10}\.\d{6}$/);
    expect(ts[0]).toBe('1795348800.000000');
    expect([...ts].sort()).toEqual(ts);
    expect(new Set(ts).size).toBe(5);
  });

  it('rejects updating or replying to a message it never posted, like Slack', async () => {
    const chat = createConsoleAdapter({ out: new PassThrough() });
    const ref = await chat.post('alerts', { text: 'hi' });
    await expect(chat.update({ channel: 'other', ts: ref.ts }, { text: 'x' })).rejects.toMatchObject({
      code: 'TRIAGE_ERR_CHAT_MESSAGE_NOT_FOUND',
      slackError: 'message_not_found',
      retryable: false,
    });
    await expect(chat.reply({ channel: 'alerts', ts: '1.000001' }, { text: 'x' })).rejects.toBeInstanceOf(
      ChatError,
    );
  });

  it('reports a transcript line that is not JSON by its number', async () => {
    const { writeFile } = await import('node:fs/promises');
    const path = join(dir, 'bad.jsonl');
    await writeFile(path, '{"op":"post"}\nnot json\n');
    await expect(readTranscript(path)).rejects.toThrow(/line 2 is not JSON/);
  });
});
