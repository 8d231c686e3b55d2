import { z } from 'zod';

/** What a silence is for. */
export interface SilenceRequest {
  /** Alertmanager fingerprint of the alert to silence; its labels become the matchers. */
  fingerprint: string;
  durationSeconds: number;
  /** The Slack user who asked (`createdBy`). */
  createdBy: string;
  /** Why, with a link to the thread. */
  comment: string;
  now: Date;
}

/** Creates silences in Alertmanager. */
export interface Silencer {
  /** Returns the new silence's id; throws a {@link SilenceError} saying what went wrong. */
  silence(request: SilenceRequest): Promise<{ silenceId: string; matchers: Matcher[] }>;
}

/** An API v2 matcher (`isEqual` true: `=`). */
export interface Matcher {
  name: string;
  value: string;
  isRegex: false;
  isEqual: true;
}

/** A silence that could not be made; the message is shown to the person who asked. */
export class SilenceError extends Error {
  override name = 'SilenceError';
}

const alertsSchema = z.array(z.object({ fingerprint: z.string(), labels: z.record(z.string(), z.string()) }));
const createdSchema = z.object({ silenceID: z.string().min(1) });

/**
 * Silences through Alertmanager API v2: finds the alert by fingerprint (`GET /api/v2/alerts`), then
 * `POST /api/v2/silences` with one equality matcher per label of the alert, so exactly that alert (and its
 * repeats) is silenced. Every request has a deadline (default 2 s, inside Slack's 3 s).
 *
 * @example createAlertmanagerSilencer({ url: 'http://alertmanager:9093' }).silence({ fingerprint, durationSeconds: 3600, createdBy: 'U1', comment, now })
 */
export function createAlertmanagerSilencer(options: { url: string; timeoutMs?: number }): Silencer {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 2000;

  async function call(path: string, init: RequestInit = {}): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new SilenceError(`Alertmanager did not answer (${(error as Error).name}); nothing was silenced`);
    }
    const text = await response.text();
    if (!response.ok)
      throw new SilenceError(`Alertmanager answered ${response.status}: ${text.slice(0, 200)}`);
    try {
      return JSON.parse(text);
    } catch {
      throw new SilenceError('Alertmanager answered something that is not JSON');
    }
  }

  return {
    async silence(request) {
      const alerts = alertsSchema.safeParse(
        await call('/api/v2/alerts?active=true&silenced=true&inhibited=true'),
      );
      if (!alerts.success) throw new SilenceError('Alertmanager listed alerts in an unexpected shape');
      const alert = alerts.data.find((a) => a.fingerprint === request.fingerprint);
      if (!alert) throw new SilenceError('the alert is no longer active in Alertmanager; nothing to silence');
      const matchers: Matcher[] = Object.entries(alert.labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
      const endsAt = new Date(request.now.getTime() + request.durationSeconds * 1000);
      const created = createdSchema.safeParse(
        await call('/api/v2/silences', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            matchers,
            startsAt: request.now.toISOString(),
            endsAt: endsAt.toISOString(),
            createdBy: request.createdBy,
            comment: request.comment,
          }),
        }),
      );
      if (!created.success) throw new SilenceError('Alertmanager did not return a silence ID');
      return { silenceId: created.data.silenceID, matchers };
    },
  };
}
