import { verifySlackRequest } from '@slack/bolt';

/** Why a request was not accepted as Slack's; the label of `triage_slack_rejected_requests_total`. */
export type SignatureRejection = 'unsigned' | 'stale' | 'forged' | 'replayed';

/** The two headers Slack signs with, as they arrived. */
export interface SignatureHeaders {
  signature?: string | string[] | undefined;
  timestamp?: string | string[] | undefined;
}

const WINDOW_SECONDS = 5 * 60;
const MAX_REMEMBERED = 50_000;

/**
 * Checks Slack's v0 request signature (HMAC-SHA256 of `v0:<timestamp>:<raw body>`, constant-time compare,
 * via Bolt's `verifySlackRequest`) and its 5-minute window in both directions, and refuses a signature seen
 * within the window (a replay). Returns the rejection, or undefined when the request is Slack's.
 * Pure apart from the replay memory it owns; the clock is injected.
 */
export function createSignatureVerifier(signingSecret: string, clock: () => Date) {
  // signature → when it stops mattering (its timestamp leaves the window)
  const seen = new Map<string, number>();

  function forget(nowSec: number): void {
    for (const [signature, expires] of seen) {
      if (expires > nowSec && seen.size <= MAX_REMEMBERED) break;
      seen.delete(signature);
    }
  }

  return function verify(headers: SignatureHeaders, rawBody: string): SignatureRejection | undefined {
    const { signature, timestamp } = headers;
    if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp))
      return 'unsigned';
    const nowMs = clock().getTime();
    const nowSec = Math.floor(nowMs / 1000);
    const sentSec = Number(timestamp);
    // Bolt checks only the past; a timestamp far in the future would make a signature valid for long.
    if (Math.abs(nowSec - sentSec) > WINDOW_SECONDS) return 'stale';
    try {
      verifySlackRequest({
        signingSecret,
        body: rawBody,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': sentSec },
        nowMilliseconds: nowMs,
      });
    } catch {
      return 'forged';
    }
    forget(nowSec);
    if (seen.has(signature)) return 'replayed';
    seen.set(signature, sentSec + WINDOW_SECONDS);
    return undefined;
  };
}
