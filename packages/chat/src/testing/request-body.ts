import type { IncomingMessage } from 'node:http';

/** A request body, parsed the ways the Slack Web API accepts one. */
export interface ParsedBody {
  params: Record<string, unknown>;
  /** The file bytes of a multipart body, or the raw body when it is neither form, JSON nor multipart. */
  bytes?: Buffer;
}

/** Reads a whole body, refusing more than `maxBytes`. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error(`body larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Parses `application/x-www-form-urlencoded` (WebClient's default; JSON-valued fields such as
 * `blocks` and `files` arrive as JSON strings), `application/json`, and `multipart/form-data`.
 */
export function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    const value: unknown = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error('JSON body is not an object');
    return { params: value as Record<string, unknown> };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { params: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (type.startsWith('multipart/form-data') && boundary) {
    return parseMultipart(raw, boundary[1] ?? boundary[2] ?? '');
  }
  return { params: {}, bytes: raw };
}

function parseMultipart(raw: Buffer, boundary: string): ParsedBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const params: Record<string, unknown> = {};
  let bytes: Buffer | undefined;
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length + 2; // skip CRLF after the delimiter
    const next = raw.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = raw.subarray(partStart, next - 2); // drop CRLF before the next delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
      if (/filename="/i.test(headers)) bytes ??= content;
      else params[name] = content.toString('utf8');
    }
    start = next;
  }
  return { params, bytes };
}
