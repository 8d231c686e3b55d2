import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
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

const MAX_MESSAGE_LENGTH = 200;

/** Parses a JSON body, refusing absurd nesting and `__proto__` / `constructor.prototype` keys. */
export function parseJsonBody(text: string): unknown {
  if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new GatewayError(
      'TRIAGE_ERR_GATEWAY_INVALID_JSON',
      `JSON nests deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  if (text.trim() === '') {
    throw new GatewayError('TRIAGE_ERR_GATEWAY_INVALID_JSON', 'the body is empty: expected a JSON object');
  }
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, MAX_MESSAGE_LENGTH) : 'unknown error';
    throw new GatewayError('TRIAGE_ERR_GATEWAY_INVALID_JSON', `body is not valid JSON: ${detail}`, {
      cause: error,
    });
  }
}

/** Makes JSON the only body type (anything else: 415), parsed by {@link parseJsonBody}. */
export function useJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(typeof body === 'string' ? body : body.toString('utf8')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
