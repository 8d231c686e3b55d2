import { ErrorCode } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { ChatError, isRetryableChatError } from '../src/errors.js';
import { toChatError } from '../src/slack-errors.js';

const coded = (code: string, extra: object = {}) => Object.assign(new Error('x'), { code, ...extra });

describe('toChatError', () => {
  it('keeps the Slack error string of an ok:false answer and classifies it', () => {
    const notFound = toChatError(
      coded(ErrorCode.PlatformError, { data: { ok: false, error: 'channel_not_found' } }),
      'chat.postMessage',
    );
    expect(notFound).toMatchObject({
      code: 'TRIAGE_ERR_CHAT_SLACK',
      slackError: 'channel_not_found',
      retryable: false,
    });
    const internal = toChatError(
      coded(ErrorCode.PlatformError, { data: { ok: false, error: 'internal_error' } }),
      'chat.update',
    );
    expect(isRetryableChatError(internal)).toBe(true);
  });

  it('makes rate limits, network errors and 5xx retryable, 4xx not', () => {
    expect(toChatError(coded(ErrorCode.RateLimitedError, { retryAfter: 7 }), 'm')).toMatchObject({
      slackError: 'ratelimited',
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(toChatError(coded(ErrorCode.RequestError), 'm')).toMatchObject({
      slackError: 'network_error',
      retryable: true,
    });
    expect(toChatError(coded(ErrorCode.HTTPError, { statusCode: 503 }), 'm')).toMatchObject({
      slackError: 'http_error_503',
      retryable: true,
    });
    expect(toChatError(coded(ErrorCode.HTTPError, { statusCode: 404 }), 'm').retryable).toBe(false);
  });

  it('never keeps the original error, which may hold the Authorization header', () => {
    const original = coded(ErrorCode.RequestError, {
      original: { config: { headers: { Authorization: 'Bearer xoxb-1' } } },
    });
    const error = toChatError(original, 'm');
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain('xoxb-1');
  });

  it('passes a ChatError through and treats anything else as a non-retryable client error', () => {
    const chatError = new ChatError('TRIAGE_ERR_CHAT_SLACK', 'm', { slackError: 'ratelimited' });
    expect(toChatError(chatError, 'm')).toBe(chatError);
    expect(toChatError(new TypeError('bad file'), 'files.uploadV2')).toMatchObject({
      slackError: 'client_error',
      retryable: false,
      message: 'Slack files.uploadV2 failed: bad file',
    });
    expect(isRetryableChatError(new Error('plain'))).toBe(false);
  });
});
