import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackApiServer, type SlackApiServer } from '../../src/testing/index.js';

const token = 'xoxb-server-test';
let server: SlackApiServer;

beforeEach(async () => {
  server = await createSlackApiServer({ token });
});
afterEach(async () => {
  await server.close();
});

async function call(
  method: string,
  body: Record<string, unknown>,
  opts: { json?: boolean; auth?: string | null } = {},
) {
  const auth = opts.auth === undefined ? token : opts.auth;
  const headers: Record<string, string> = {};
  if (auth !== null) headers.authorization = `Bearer ${auth}`;
  let payload: string;
  if (opts.json) {
    headers['content-type'] = 'application/json; charset=utf-8';
    payload = JSON.stringify(body);
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(
      Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    ).toString();
  }
  const res = await fetch(`${server.url}${method}`, { method: 'POST', headers, body: payload });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe('createSlackApiServer', () => {
  it('accepts form-encoded and JSON bodies and answers like chat.postMessage', async () => {
    const form = await call('chat.postMessage', {
      channel: 'C1',
      text: 'hello',
      blocks: [{ type: 'divider' }],
    });
    const json = await call(
      'chat.postMessage',
      { channel: 'C1', text: 'again', thread_ts: form.body.ts },
      { json: true },
    );
    expect(form.body).toMatchObject({ ok: true, channel: 'C1', ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(json.body).toMatchObject({ ok: true, message: { thread_ts: form.body.ts } });
    expect(server.messages('C1')).toEqual([
      expect.objectContaining({ text: 'hello', blocks: [{ type: 'divider' }] }),
      expect.objectContaining({ text: 'again', threadTs: form.body.ts }),
    ]);
  });

  it('checks the bearer token, or the token field', async () => {
    expect((await call('auth.test', {}, { auth: null })).body).toEqual({ ok: false, error: 'not_authed' });
    expect((await call('auth.test', {}, { auth: 'xoxb-other' })).body).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect((await call('auth.test', { token }, { auth: null })).body).toMatchObject({
      ok: true,
      user_id: 'U0TRIAGE',
    });
  });

  it('updates only messages that exist, and only in their channel', async () => {
    const posted = await call('chat.postMessage', { channel: 'C1', text: 'v1' });
    expect((await call('chat.update', { channel: 'C1', ts: posted.body.ts, text: 'v2' })).body).toMatchObject(
      { ok: true, ts: posted.body.ts },
    );
    expect((await call('chat.update', { channel: 'C2', ts: posted.body.ts, text: 'v3' })).body.error).toBe(
      'message_not_found',
    );
    expect(server.messages('C1')[0]).toMatchObject({ text: 'v2', edits: 1 });
  });

  it('rejects messages that break Slack limits or say nothing', async () => {
    const section = (n: number) => ({ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(n) } });
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect((await call('chat.postMessage', { channel: 'C1', blocks: tooMany })).body.error).toBe(
      'invalid_blocks',
    );
    expect((await call('chat.postMessage', { channel: 'C1', blocks: [section(3001)] })).body.error).toBe(
      'invalid_blocks',
    );
    expect(
      (await call('chat.postMessage', { channel: 'C1', blocks: Array(5).fill(section(2900)) })).body.error,
    ).toBe('msg_blocks_too_long');
    expect((await call('chat.postMessage', { channel: 'C1', blocks: 'not json' })).body.error).toBe(
      'invalid_blocks_format',
    );
    expect((await call('chat.postMessage', { channel: 'C1' })).body.error).toBe('no_text');
    expect(
      (await call('chat.postMessage', { channel: 'C1', text: 'x', thread_ts: '1.000001' })).body.error,
    ).toBe('thread_not_found');
  });

  it('knows only the configured channels when given a list', async () => {
    const strict = await createSlackApiServer({ token, channels: ['C1'] });
    try {
      const res = await fetch(`${strict.url}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'C9', text: 'x' }),
      });
      expect(await res.json()).toEqual({ ok: false, error: 'channel_not_found' });
    } finally {
      await strict.close();
    }
  });

  it('answers 429 with Retry-After for the next N calls, then serves normally, recording every call', async () => {
    server.rateLimitNext(2, 3);
    const first = await call('auth.test', {});
    const second = await call('chat.postMessage', { channel: 'C1', text: 'x' });
    const third = await call('auth.test', {});
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(first.body).toEqual({ ok: false, error: 'ratelimited' });
    expect(server.calls.map((c) => [c.method, c.status, c.ok])).toEqual([
      ['auth.test', 429, false],
      ['chat.postMessage', 429, false],
      ['auth.test', 200, true],
    ]);
    const [a, b] = server.calls;
    expect((b?.at ?? 0) >= (a?.at ?? 0)).toBe(true);
  });

  it('completes an upload only after its bytes arrived, into the named thread', async () => {
    const root = await call('chat.postMessage', { channel: 'C1', text: 'root' });
    const url = await call('files.getUploadURLExternal', { filename: 'a.txt', length: 3 });
    expect(url.body).toMatchObject({ ok: true, file_id: expect.stringMatching(/^F/) });
    const files = [{ id: url.body.file_id, title: 'A' }];
    expect((await call('files.completeUploadExternal', { files, channel_id: 'C1' })).body.error).toBe(
      'file_not_found',
    );
    const upload = await fetch(String(url.body.upload_url), { method: 'POST', body: 'abc' });
    expect(upload.status).toBe(200);
    const done = await call('files.completeUploadExternal', {
      files,
      channel_id: 'C1',
      thread_ts: root.body.ts,
    });
    expect(done.body).toMatchObject({ ok: true, files: [{ id: url.body.file_id, title: 'A', size: 3 }] });
    expect(server.replies('C1', String(root.body.ts))).toEqual([
      expect.objectContaining({ files: [url.body.file_id] }),
    ]);
    expect((await call('files.getUploadURLExternal', { filename: 'b.txt' })).body.error).toBe(
      'invalid_arguments',
    );
  });

  it('answers an unknown method and a malformed JSON body with Slack errors', async () => {
    expect((await call('chat.nope', {})).body).toEqual({ ok: false, error: 'unknown_method' });
    const res = await fetch(`${server.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"channel":',
    });
    expect(await res.json()).toEqual({ ok: false, error: 'invalid_form_data' });
  });
});
