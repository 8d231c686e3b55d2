import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kubeErrorCodes } from '../src/errors.js';
import { readTarFile } from '../src/read-tar-file.js';

const work = mkdtempSync(join(tmpdir(), 'triage-tar-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A tar stream from the real GNU tar, as `tar cf - <path>` prints it in a container. */
function gnuTar(relativePath: string, content: Buffer, format: 'gnu' | 'pax' | 'ustar'): Buffer {
  const full = join(work, relativePath);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
  return execFileSync('tar', [`--format=${format}`, '-cf', '-', '-C', work, relativePath]);
}

const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));

describe('readTarFile', () => {
  it.each(['gnu', 'pax', 'ustar'] as const)(
    'returns the name and exact bytes of the file in a %s stream',
    (format) => {
      const file = readTarFile(gnuTar(`k/debug/triage-${format}.tar`, binary, format));
      expect(file.name).toBe(`k/debug/triage-${format}.tar`);
      expect(file.content.equals(binary)).toBe(true);
    },
  );

  it('keeps a member name longer than 100 characters (GNU long name and pax path records)', () => {
    const long = `k/${'d'.repeat(60)}/${'f'.repeat(80)}.txt`;
    expect(readTarFile(gnuTar(long, Buffer.from('x'), 'gnu')).name).toBe(long);
    expect(readTarFile(gnuTar(long, Buffer.from('x'), 'pax')).name).toBe(long);
  });

  it('rejects text that is not tar, a cut stream and an archive without a file, with the copy code', () => {
    const whole = gnuTar('k/cut.bin', binary, 'gnu');
    for (const bad of [
      Buffer.from('not a tar stream '.repeat(64)),
      whole.subarray(0, 4096),
      Buffer.alloc(1024),
    ])
      expect(() => readTarFile(bad)).toThrow(expect.objectContaining({ code: kubeErrorCodes.copyFailed }));
  });
});
