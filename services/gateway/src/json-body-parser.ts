import type { FastifyInstance } from 'fastify';
import { GatewayError } from './errors.js';

/** Deepest JSON nesting accepted: real payloads nest 6 levels; junk nested deeper is refused before parsing. */
export const MAX_JSON_DEPTH = 64;

/** True when `text` nests arrays/objects deeper than `max` (strings are skipped, so brackets in them do not count). */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > max) return true;
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
  return false;
}

/**
 * Makes JSON the only body type (anything else: 415) and parses it with fastify's own parser,
 * which refuses `__proto__` and `constructor.prototype` keys, after refusing absurd nesting.
 */
export function useJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(
        new GatewayError(
          'TRIAGE_ERR_GATEWAY_INVALID_JSON',
          `JSON nests deeper than ${MAX_JSON_DEPTH} levels`,
        ),
        undefined,
      );
      return;
    }
    parseJson(request, text, done);
  });
}
