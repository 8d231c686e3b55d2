import { describe, expect, it } from 'vitest';
import { createSignatureVerifier } from '../../src/slack/verify-slack-signature.js';
import { SIGNING_SECRET, slackHeaders } from './support/slack-requests.js';

const NOW_SEC = 1_700_000_000;
const clock = () => new Date(NOW_SEC * 1000);
const body = 'token=x&command=%2Ftriage&text=help';

function headersOf(raw: Record<string, string>) {
  return { signature: raw['x-slack-signature'], timestamp: raw['x-slack-request-timestamp'] };
}

describe('createSignatureVerifier', () => {
  it('accepts a request signed with the signing secret within the window', () => {
    const verify = createSignatureVerifier(SIGNING_SECRET, clock);
    expect(verify(headersOf(slackHeaders(body, NOW_SEC - 299)), body)).toBeUndefined();
  });

  it('calls a wrong secret, a changed body or a changed timestamp forged', () => {
    const verify = createSignatureVerifier(SIGNING_SECRET, clock);
    expect(verify(headersOf(slackHeaders(body, NOW_SEC, 'not-the-secret')), body)).toBe('forged');
    expect(verify(headersOf(slackHeaders(body, NOW_SEC)), `${body}&user_id=U0EVE`)).toBe('forged');
    const moved = { ...headersOf(slackHeaders(body, NOW_SEC)), timestamp: String(NOW_SEC - 1) };
    expect(verify(moved, body)).toBe('forged');
    expect(verify({ ...moved, signature: 'v1=abc' }, body)).toBe('forged');
  });

  it('calls a timestamp more than five minutes away, past or future, stale', () => {
    const verify = createSignatureVerifier(SIGNING_SECRET, clock);
    expect(verify(headersOf(slackHeaders(body, NOW_SEC - 301)), body)).toBe('stale');
    expect(verify(headersOf(slackHeaders(body, NOW_SEC + 301)), body)).toBe('stale');
  });

  it('calls missing or non-numeric headers unsigned', () => {
    const verify = createSignatureVerifier(SIGNING_SECRET, clock);
    expect(verify({}, body)).toBe('unsigned');
    expect(verify({ signature: 'v0=abc' }, body)).toBe('unsigned');
    expect(verify({ signature: 'v0=abc', timestamp: '17e8' }, body)).toBe('unsigned');
    expect(verify({ signature: ['v0=a', 'v0=b'], timestamp: String(NOW_SEC) }, body)).toBe('unsigned');
  });

  it('refuses the same signed request a second time within the window as a replay', () => {
    const verify = createSignatureVerifier(SIGNING_SECRET, clock);
    const headers = headersOf(slackHeaders(body, NOW_SEC));
    expect(verify(headers, body)).toBeUndefined();
    expect(verify(headers, body)).toBe('replayed');
  });
});
