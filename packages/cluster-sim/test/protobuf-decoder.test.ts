import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../src/errors.js';
import { decodeKubeProtobuf } from '../src/protobuf-decoder.js';

/** Minimal protobuf writer for hand-made bodies (length-delimited and varint fields). */
const varint = (n: number): number[] => {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
};
const bytes = (field: number, content: Buffer | string) => {
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return Buffer.from([...varint((field << 3) | 2), ...varint(buf.length), ...buf]);
};
const number = (field: number, n: number) => Buffer.from([...varint(field << 3), ...varint(n)]);
const message = (...parts: Buffer[]) => Buffer.concat(parts);
const envelope = (apiVersion: string, kind: string, raw: Buffer) =>
  Buffer.concat([
    Buffer.from([0x6b, 0x38, 0x73, 0x00]),
    bytes(1, message(bytes(1, apiVersion), bytes(2, kind))),
    bytes(2, raw),
  ]);

describe('decodeKubeProtobuf', () => {
  it('decodes a ConfigMap with metadata, labels and data into its JSON form', () => {
    const meta = message(
      bytes(1, 'cm'),
      bytes(3, 'shop'),
      bytes(11, message(bytes(1, 'app'), bytes(2, 'web'))),
      number(7, 0),
    );
    const raw = message(
      bytes(1, meta),
      bytes(2, message(bytes(1, 'k'), bytes(2, 'v'))),
      bytes(2, message(bytes(1, 'k2'), bytes(2, 'v2'))),
    );
    expect(decodeKubeProtobuf(envelope('v1', 'ConfigMap', raw))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm', namespace: 'shop', labels: { app: 'web' } },
      data: { k: 'v', k2: 'v2' },
    });
  });

  it('keeps a zero replica count and decodes int-or-string values', () => {
    const deployment = decodeKubeProtobuf(
      envelope('apps/v1', 'Deployment', message(bytes(1, bytes(1, 'd')), bytes(2, number(1, 0)))),
    );
    expect(deployment.spec).toEqual({ replicas: 0 });
    const pdbSpec = message(
      bytes(1, message(number(1, 0), number(2, 2))),
      bytes(3, message(number(1, 1), bytes(3, '25%'))),
    );
    const pdb = decodeKubeProtobuf(
      envelope('policy/v1', 'PodDisruptionBudget', message(bytes(1, bytes(1, 'p')), bytes(2, pdbSpec))),
    );
    expect(pdb.spec).toEqual({ minAvailable: 2, maxUnavailable: '25%' });
  });

  it('inlines a volume source and keeps an empty emptyDir', () => {
    const volume = message(bytes(1, 'scratch'), bytes(2, bytes(2, Buffer.alloc(0))));
    const pod = decodeKubeProtobuf(
      envelope('v1', 'Pod', message(bytes(1, bytes(1, 'p')), bytes(2, bytes(1, volume)))),
    );
    expect(pod.spec).toEqual({ volumes: [{ name: 'scratch', emptyDir: {} }] });
  });

  it('answers 415 for kinds it has no schema for', () => {
    expect(() => decodeKubeProtobuf(envelope('v1', 'Secret', bytes(1, bytes(1, 's'))))).toThrow(
      expect.objectContaining({ httpStatus: 415 }),
    );
  });

  it.each([
    ['no magic', Buffer.from('{"kind":"ConfigMap"}')],
    [
      'a truncated length',
      Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), Buffer.from([0x0a, 0x50, 0x01])]),
    ],
    [
      'an unterminated varint',
      Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), Buffer.from([0x08, 0xff, 0xff])]),
    ],
    ['no envelope', Buffer.from([0x6b, 0x38, 0x73, 0x00])],
  ])('answers 400 for a body with %s', (_what, body) => {
    let error: unknown;
    try {
      decodeKubeProtobuf(body);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).httpStatus).toBe(400);
  });
});
