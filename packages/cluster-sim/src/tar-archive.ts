/**
 * Minimal tar (POSIX ustar + pax `path` records) writer and reader: what `kubectl cp` needs on both
 * directions (`tar cf -` answered by the simulator, `tar xmf -` fed by kubectl's Go archive/tar).
 */

/** One archive member. Directory names end without a slash; the writer adds it. */
export interface TarEntry {
  name: string;
  type: 'file' | 'directory';
  /** File content (empty for directories). */
  content: Buffer;
  /** Permission bits; default 0o644 for files, 0o755 for directories. */
  mode?: number;
  mtime?: Date;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  // width includes the terminating NUL
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function writeString(header: Buffer, text: string, offset: number, width: number): void {
  header.write(text, offset, Math.min(width, Buffer.byteLength(text)), 'utf8');
}

/** Splits a path into ustar `prefix` and `name` fields, or undefined when it does not fit. */
function splitUstarPath(path: string): { prefix: string; name: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name.length > 0)
      return { prefix, name };
  }
  return undefined;
}

function header(fields: {
  name: string;
  prefix: string;
  mode: number;
  size: number;
  mtime: Date;
  typeflag: string;
}): Buffer {
  const block = Buffer.alloc(BLOCK);
  writeString(block, fields.name, 0, 100);
  writeString(block, octal(fields.mode, 8), 100, 8);
  writeString(block, octal(0, 8), 108, 8);
  writeString(block, octal(0, 8), 116, 8);
  writeString(block, octal(fields.size, 12), 124, 12);
  writeString(block, octal(Math.floor(fields.mtime.getTime() / 1000), 12), 136, 12);
  block.fill(' ', 148, 156); // checksum is computed with its own field as spaces
  writeString(block, fields.typeflag, 156, 1);
  writeString(block, 'ustar\u000000', 257, 8);
  writeString(block, 'root', 265, 32);
  writeString(block, 'root', 297, 32);
  writeString(block, fields.prefix, 345, 155);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeString(block, `${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

function padded(content: Buffer): Buffer[] {
  const rest = content.length % BLOCK;
  return rest === 0 ? [content] : [content, Buffer.alloc(BLOCK - rest)];
}

/** A pax extended header carrying a long `path`. */
function paxPathHeader(path: string, mtime: Date): Buffer[] {
  const body = ` path=${path}\n`;
  // the record length counts its own digits
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length += 1;
  const record = Buffer.from(`${length}${body}`);
  const name = `PaxHeaders/${path.slice(-80)}`;
  return [
    header({ name, prefix: '', mode: 0o644, size: record.length, mtime, typeflag: 'x' }),
    ...padded(record),
  ];
}

/**
 * Builds a tar stream (ending with the two zero blocks). Long paths use pax records.
 * @example createTar([{ name: 'tmp/a.txt', type: 'file', content: Buffer.from('hi\n') }])
 */
export function createTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const isDirectory = entry.type === 'directory';
    const path = isDirectory && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
    const mtime = entry.mtime ?? new Date(0);
    const content = isDirectory ? Buffer.alloc(0) : entry.content;
    const split = splitUstarPath(path);
    if (!split) parts.push(...paxPathHeader(path, mtime));
    const { prefix, name } = split ?? { prefix: '', name: path.slice(0, 100) };
    parts.push(
      header({
        name,
        prefix,
        mode: entry.mode ?? (isDirectory ? 0o755 : 0o644),
        size: content.length,
        mtime,
        typeflag: isDirectory ? '5' : '0',
      }),
      ...padded(content),
    );
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function readString(block: Buffer, offset: number, width: number): string {
  const field = block.subarray(offset, offset + width);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? width : end).toString('utf8');
}

function readOctal(block: Buffer, offset: number, width: number): number {
  const text = readString(block, offset, width).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function paxPath(record: Buffer): string | undefined {
  for (const line of record.toString('utf8').split('\n')) {
    const found = /^\d+ path=(.*)$/.exec(line);
    if (found) return found[1];
  }
  return undefined;
}

/** Error thrown for a truncated or corrupt archive. */
export class TarFormatError extends Error {
  readonly code = 'TRIAGE_ERR_SIM_TAR';
}

/**
 * Reads the files and directories of a tar stream (ustar, pax `path`, GNU long names); other
 * member types (links, devices) are skipped. Throws {@link TarFormatError} on a corrupt archive.
 */
export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) break;
    const size = readOctal(block, 124, 12);
    if (Number.isNaN(size)) throw new TarFormatError(`bad size field at offset ${offset}`);
    const typeflag = readString(block, 156, 1) || '0';
    const dataStart = offset + BLOCK;
    const data = archive.subarray(dataStart, dataStart + size);
    if (data.length < size) throw new TarFormatError(`truncated member at offset ${offset}`);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (typeflag === 'L') {
      longName = readString(data, 0, data.length);
      continue;
    }
    const prefix = readString(block, 257, 6) === 'ustar' ? readString(block, 345, 155) : '';
    const rawName = readString(block, 0, 100);
    const name = longName ?? (prefix ? `${prefix}/${rawName}` : rawName);
    longName = undefined;
    const mode = readOctal(block, 100, 8);
    const mtime = new Date(readOctal(block, 136, 12) * 1000);
    if (typeflag === '5')
      entries.push({
        name: name.replace(/\/$/, ''),
        type: 'directory',
        content: Buffer.alloc(0),
        mode,
        mtime,
      });
    else if (typeflag === '0' || typeflag === '\0')
      entries.push({ name, type: 'file', content: Buffer.from(data), mode, mtime });
  }
  return entries;
}
