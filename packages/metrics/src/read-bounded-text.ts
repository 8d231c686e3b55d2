import { MetricsError, metricsErrorCodes } from './errors.js';

/** Reads a response body as UTF-8, failing (and cancelling the stream) once it passes `maxBytes`. */
export async function readBoundedText(res: Response, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes)
        throw new MetricsError(metricsErrorCodes.badResponse, `answer larger than ${maxBytes} bytes`);
      chunks.push(value);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString('utf8');
}
