import type { Finding } from '@triage/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderFindings, renderHeadline } from '../src/index.js';
import { createSlackAdapter } from '../src/slack-adapter.js';
import { createSlackApiServer, type SlackApiServer } from '../src/testing/index.js';

const token = 'xoxb-adapter-test';
let server: SlackApiServer;

beforeEach(async () => {
  server = await createSlackApiServer({
    token,
    channels: ['C0ALERTS', 'C0OTHER'],
    channelNames: { alerts: 'C0ALERTS' },
  });
});
afterEach(async () => {
  await server.close();
});

/** A fast adapter for tests that are not about pacing. */
const adapter = (over: Partial<Parameters<typeof createSlackAdapter>[0]> = {}) =>
  createSlackAdapter({ token, apiUrl: server.url, minIntervalMs: 0, ...over });

const headline = renderHeadline({
  cluster: 'dev',
  subject: 'node/aks-np1-0',
  title: 'KubeNodeNotReady',
  state: 'firing',
  signals: 1,
  startedAt: '2026-11-22T12:00:00Z',
});

const apiCalls = (method?: string) => server.calls.filter((c) => c.method === (method ?? c.method));

describe('createSlackAdapter', () => {
  it('posts a headline with its blocks and replies in its thread with thread_ts', async () => {
    const chat = adapter();
    const ref = await chat.post('C0ALERTS', headline);
    const finding: Finding = {
      severity: 'critical',
      title: 'kubelet stopped',
      detail: 'NotReady 5m',
      subject: 'node/aks-np1-0',
      evidence: [],
    };
    const [message] = renderFindings([finding]).messages;
    const reply = await chat.reply(ref, message ?? { text: '' });

    expect(ref.channel).toBe('C0ALERTS');
    expect(ref.ts).toMatch(/^\d+\.\d{6}$/);
    const [root] = server.messages('C0ALERTS');
    expect(root).toMatchObject({ ts: ref.ts, text: headline.text, blocks: headline.blocks });
    expect(server.replies('C0ALERTS', ref.ts)).toEqual([
      expect.objectContaining({ ts: reply.ts, threadTs: ref.ts, blocks: message?.blocks }),
    ]);
    expect(apiCalls('chat.postMessage')[1]?.params.thread_ts).toBe(ref.ts);
  });

  it('updates a message in place, keeping its ts', async () => {
    const chat = adapter();
    const ref = await chat.post('C0ALERTS', headline);
    const resolved = renderHeadline({
      cluster: 'dev',
      subject: 'node/aks-np1-0',
      title: 'KubeNodeNotReady',
      state: 'resolved',
      signals: 1,
      startedAt: '2026-11-22T12:00:00Z',
    });
    await chat.update(ref, resolved);
    expect(server.messages('C0ALERTS')).toEqual([
      expect.objectContaining({ ts: ref.ts, text: resolved.text, blocks: resolved.blocks, edits: 1 }),
    ]);
    expect(apiCalls('chat.update')[0]?.params).toMatchObject({ channel: 'C0ALERTS', ts: ref.ts });
  });

  it('uploads a file into the thread through the uploadV2 flow', async () => {
    const chat = adapter();
    const ref = await chat.post('C0ALERTS', headline);
    const content = 'evidence line\n'.repeat(1000);
    await chat.upload(ref, { filename: 'evidence-1.txt', title: 'Evidence #1', content });
    await chat.upload(ref, { filename: 'bundle.zip', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff]) });

    expect(apiCalls().map((c) => c.method)).toEqual([
      'chat.postMessage',
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    expect(apiCalls('files.completeUploadExternal')[0]?.params).toMatchObject({
      channel_id: 'C0ALERTS',
      thread_ts: ref.ts,
    });
    const [text, zip] = server.files();
    expect(text).toMatchObject({
      filename: 'evidence-1.txt',
      title: 'Evidence #1',
      channel: 'C0ALERTS',
      threadTs: ref.ts,
      completed: true,
    });
    expect(text?.bytes?.toString('utf8')).toBe(content);
    expect(text?.length).toBe(Buffer.byteLength(content));
    expect(zip?.bytes).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff]));
    expect(server.replies('C0ALERTS', ref.ts).map((m) => m.files)).toEqual([[text?.id], [zip?.id]]);
  });

  it('spaces calls on one channel at least ~1 s apart, in order, updates included', async () => {
    const chat = createSlackAdapter({ token, apiUrl: server.url });
    const ref = await chat.post('C0ALERTS', headline);
    await Promise.all([
      chat.reply(ref, { text: 'one' }),
      chat.update(ref, { text: 'headline v2' }),
      chat.reply(ref, { text: 'two' }),
    ]);
    const calls = apiCalls().filter((c) => c.params.channel === 'C0ALERTS');
    expect(calls.map((c) => c.params.text)).toEqual([headline.text, 'one', 'headline v2', 'two']);
    for (let i = 1; i < calls.length; i += 1) {
      expect((calls[i]?.at ?? 0) - (calls[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    }
  });

  it('paces a channel named #name and its id as one channel', async () => {
    const chat = createSlackAdapter({ token, apiUrl: server.url, minIntervalMs: 1000 });
    const ref = await chat.post('#alerts', { text: 'root' });
    expect(ref.channel).toBe('C0ALERTS');
    await Promise.all([chat.post('#alerts', { text: 'again' }), chat.reply(ref, { text: 'reply' })]);
    const [first, second, third] = apiCalls();
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect((third?.at ?? 0) - (second?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('does not hold one channel back for another', async () => {
    const chat = createSlackAdapter({ token, apiUrl: server.url, minIntervalMs: 2000 });
    await chat.post('C0ALERTS', { text: 'a1' });
    const a2 = chat.post('C0ALERTS', { text: 'a2' }); // waits its 2 s turn
    await chat.post('C0OTHER', { text: 'b1' });
    expect(server.messages().map((m) => m.text)).not.toContain('a2');
    await a2;
    const texts = server.messages().map((m) => m.text);
    expect(texts.indexOf('b1')).toBeLessThan(texts.indexOf('a2'));
  });

  it('waits out a 429 for its Retry-After and then succeeds, keeping order', async () => {
    const chat = adapter();
    server.rateLimitNext(2, 1, 'chat.postMessage');
    const [first, second] = await Promise.all([
      chat.post('C0ALERTS', { text: 'first' }),
      chat.post('C0ALERTS', { text: 'second' }),
    ]);
    const calls = apiCalls('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 429, 200, 200]);
    // The retry came no sooner than Retry-After (1 s) after the 429.
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect((calls[2]?.at ?? 0) - (calls[1]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(server.messages('C0ALERTS').map((m) => [m.text, m.ts])).toEqual([
      ['first', first.ts],
      ['second', second.ts],
    ]);
  });

  it('gives up after its bounded rate-limit budget with a retryable coded error', async () => {
    const chat = adapter({ maxRateLimitRetries: 1 });
    server.rateLimitNext(5, 1);
    await expect(chat.post('C0ALERTS', { text: 'x' })).rejects.toMatchObject({
      code: 'TRIAGE_ERR_CHAT_SLACK',
      slackError: 'ratelimited',
      retryable: true,
      retryAfterMs: 1000,
    });
    expect(apiCalls()).toHaveLength(2);
  });

  it('fails at once, retryable, when Retry-After is longer than it will wait', async () => {
    const chat = adapter({ maxRetryAfterMs: 5000 });
    server.rateLimitNext(1, 120);
    await expect(chat.post('C0ALERTS', { text: 'x' })).rejects.toMatchObject({
      retryable: true,
      retryAfterMs: 120_000,
    });
    expect(apiCalls()).toHaveLength(1);
  });

  it.each([
    ['channel_not_found', false],
    ['not_in_channel', false],
    ['invalid_auth', false],
    ['internal_error', true],
  ])('turns ok:false %s into a coded error (retryable: %s)', async (error, retryable) => {
    const chat = adapter();
    server.failNext('chat.postMessage', error);
    await expect(chat.post('C0ALERTS', { text: 'x' })).rejects.toMatchObject({
      name: 'ChatError',
      code: 'TRIAGE_ERR_CHAT_SLACK',
      slackError: error,
      retryable,
      message: `Slack chat.postMessage failed: ${error}`,
    });
  });

  it('links to a posted message with chat.getPermalink and reports an unknown one as message_not_found', async () => {
    const chat = adapter();
    const ref = await chat.post('C0ALERTS', headline);
    const link = await chat.permalink?.(ref);
    expect(link).toBe(`https://triage-test.slack.com/archives/C0ALERTS/p${ref.ts.replace('.', '')}`);
    expect(apiCalls('chat.getPermalink')[0]?.params).toMatchObject({
      channel: 'C0ALERTS',
      message_ts: ref.ts,
    });
    await expect(chat.permalink?.({ channel: 'C0ALERTS', ts: '1.000001' })).rejects.toMatchObject({
      code: 'TRIAGE_ERR_CHAT_SLACK',
      slackError: 'message_not_found',
    });
  });

  it('reports real Slack answers: unknown channel, wrong token, unknown message', async () => {
    await expect(adapter().post('C0NOPE', { text: 'x' })).rejects.toMatchObject({
      slackError: 'channel_not_found',
    });
    await expect(adapter({ token: 'xoxb-wrong' }).post('C0ALERTS', { text: 'x' })).rejects.toMatchObject({
      slackError: 'invalid_auth',
      retryable: false,
    });
    await expect(
      adapter().update({ channel: 'C0ALERTS', ts: '1.000001' }, { text: 'x' }),
    ).rejects.toMatchObject({
      slackError: 'message_not_found',
    });
  });

  it('reports an unreachable Slack as a retryable network error without the token in it', async () => {
    const url = server.url;
    await server.close();
    const chat = createSlackAdapter({ token, apiUrl: url, minIntervalMs: 0 });
    const error = await chat.post('C0ALERTS', { text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'TRIAGE_ERR_CHAT_SLACK',
      slackError: 'network_error',
      retryable: true,
    });
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(token);
    expect((error as Error).cause).toBeUndefined();
    server = await createSlackApiServer({ token });
  });

  it('never logs the token', async () => {
    const lines: string[] = [];
    const record = (obj: object | string, msg?: string) => {
      lines.push(JSON.stringify(obj) + (msg ?? ''));
    };
    const logger = { debug: record, info: record, warn: record, error: record, child: () => logger };
    const chat = adapter({ logger, maxRateLimitRetries: 1 });
    server.rateLimitNext(3, 1);
    await chat.post('C0ALERTS', { text: 'x' }).catch(() => {});
    server.failNext('chat.postMessage', 'invalid_auth');
    await chat.post('C0ALERTS', { text: 'x' }).catch(() => {});
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(token);
  });
});
