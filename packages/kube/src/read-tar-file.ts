import { KubeError, kubeErrorCodes } from './errors.js';

const BLOCK = 512;

/** A numeric ustar field: octal text, or GNU base-256 when the first byte has its high bit set. */
function numberField(block: Buffer, offset: number, length: number): number {
  const field = block.subarray(offset, offset + length);
  if (((field[0] ?? 0) & 0x80) !== 0) {
    let value = (field[0] ?? 0) & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    return value;
  }
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function textField(block: Buffer, offset: number, length: number): string {
  return block
    .subarray(offset, offset + length)
    .toString('utf8')
    .replace(/\0.*$/s, '');
}

/** `path=` from a pax extended header's `<len> key=value\n` records. */
function paxPath(data: Buffer): string | undefined {
  return /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
}

function fail(message: string): never {
  throw new KubeError(kubeErrorCodes.copyFailed, message);
}

/**
 * The first regular file in a tar stream (ustar, GNU and pax headers, as GNU tar and Windows'
 * bsdtar `tar.exe` write them): its member name and content. Throws TRIAGE_ERR_KUBE_COPY_FAILED
 * when the stream holds no file, is cut short or is not tar at all.
 */
export function readTarFile(archive: Uint8Array): { name: string; content: Buffer } {
  const buffer = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= buffer.length) {
    const header = buffer.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const checksum = numberField(header, 148, 8);
    let sum = 8 * 0x20;
    for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += header[i] ?? 0;
    if (checksum !== sum) fail('not a tar stream (header checksum mismatch)');
    const size = numberField(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const start = offset + BLOCK;
    if (start + size > buffer.length) fail('the tar stream was cut short');
    const data = buffer.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') longName = data.toString('utf8').replace(/\0.*$/s, '');
    else if (type === 'x') longName = paxPath(data) ?? longName;
    else if (type === '0' || type === '\0') {
      const prefix = textField(header, 345, 155);
      const name =
        longName ?? (prefix ? `${prefix}/${textField(header, 0, 100)}` : textField(header, 0, 100));
      return { name, content: Buffer.from(data) };
    } else longName = undefined;
  }
  return fail('the tar stream holds no file');
}
