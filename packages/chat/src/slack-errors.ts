import { ErrorCode } from '@slack/web-api';
import { ChatError } from './errors.js';

/**
 * Turns whatever WebClient threw into a ChatError. Never keeps WebClient's error as `cause`: its request
 * errors hold the HTTP request, Authorization header included, and a logged cause would leak the token.
 */
export function toChatError(error: unknown, method: string): ChatError {
  if (error instanceof ChatError) return error;
  const e = error as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number };
  const fail = (slackError: string, extra: { retryAfterMs?: number; retryable?: boolean } = {}) =>
    new ChatError('TRIAGE_ERR_CHAT_SLACK', `Slack ${method} failed: ${slackError}`, { slackError, ...extra });

  switch (e.code) {
    case ErrorCode.PlatformError:
      return fail(e.data?.error ?? 'unknown_error');
    case ErrorCode.RateLimitedError:
      return fail('ratelimited', { retryAfterMs: (e.retryAfter ?? 1) * 1000 });
    case ErrorCode.RequestError:
      return fail('network_error', { retryable: true });
    case ErrorCode.HTTPError:
      return fail(`http_error_${e.statusCode ?? 'unknown'}`, { retryable: (e.statusCode ?? 0) >= 500 });
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return new ChatError('TRIAGE_ERR_CHAT_SLACK', `Slack ${method} failed: ${message}`, {
        slackError: 'client_error',
        retryable: false,
      });
    }
  }
}
