import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTar, readTar, TarFormatError } from '../src/tar-archive.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const zipBytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x0a, 0x00, 0xff, 0x00]);
const longName = `tmp/${'deep/'.repeat(30)}file.txt`;

describe('createTar', () => {
  it('writes an archive GNU tar extracts byte for byte, including long pax paths and directories', () => {
    dir = mkdtempSync(join(tmpdir(), 'tar-test-'));
    const archive = createTar([
      { name: 'tmp/triage', type: 'directory', content: Buffer.alloc(0) },
      { name: 'tmp/triage/logs.zip', type: 'file', content: zipBytes },
      { name: longName, type: 'file', content: Buffer.from('x'.repeat(1000)) },
      { name: 'empty.txt', type: 'file', content: Buffer.alloc(0) },
    ]);
    expect(archive.length % 512).toBe(0);
    writeFileSync(join(dir, 'a.tar'), archive);
    execFileSync('tar', ['xf', 'a.tar'], { cwd: dir });
    expect(readFileSync(join(dir, 'tmp/triage/logs.zip'))).toEqual(zipBytes);
    expect(readFileSync(join(dir, longName), 'utf8')).toBe('x'.repeat(1000));
    expect(readFileSync(join(dir, 'empty.txt'), 'utf8')).toBe('');
  });
});

describe('readTar', () => {
  it('reads what GNU tar writes', () => {
    dir = mkdtempSync(join(tmpdir(), 'tar-test-'));
    writeFileSync(join(dir, 'hello.txt'), 'hello\n');
    const archive = execFileSync('tar', ['cf', '-', '--format=pax', 'hello.txt'], { cwd: dir });
    expect(readTar(archive)).toMatchObject([
      { name: 'hello.txt', type: 'file', content: Buffer.from('hello\n') },
    ]);
  });

  it('round-trips its own archives', () => {
    const entries = readTar(
      createTar([
        { name: 'd', type: 'directory', content: Buffer.alloc(0) },
        { name: longName, type: 'file', content: Buffer.from('long') },
      ]),
    );
    expect(entries.map((e) => [e.name, e.type, e.content.toString()])).toEqual([
      ['d', 'directory', ''],
      [longName, 'file', 'long'],
    ]);
  });

  it('rejects a truncated archive with a coded error', () => {
    const archive = createTar([{ name: 'a', type: 'file', content: Buffer.alloc(2000) }]).subarray(0, 1024);
    expect(() => readTar(archive)).toThrow(TarFormatError);
  });
});
