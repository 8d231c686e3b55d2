import { describe, expect, it } from 'vitest';
import {
  decodeChannelFrame,
  encodeChannelFrame,
  errorChannelPayload,
  negotiateSubprotocol,
} from '../src/exec-channel.js';

describe('negotiateSubprotocol', () => {
  it('picks the highest version the client offers', () => {
    expect(negotiateSubprotocol(['v4.channel.k8s.io', 'v5.channel.k8s.io'])).toBe('v5.channel.k8s.io');
    expect(negotiateSubprotocol(['v4.channel.k8s.io', 'v3.channel.k8s.io'])).toBe('v4.channel.k8s.io');
    expect(negotiateSubprotocol(['base64.channel.k8s.io'])).toBe('base64.channel.k8s.io');
    expect(negotiateSubprotocol(['SPDY/3.1'])).toBeUndefined();
  });
});

describe('channel frames', () => {
  it('prefixes binary frames with the channel byte', () => {
    expect(encodeChannelFrame('v5.channel.k8s.io', 1, Buffer.from('hi'))).toEqual(
      Buffer.from([1, 0x68, 0x69]),
    );
  });

  it('uses an ASCII digit and base64 for the base64 protocol', () => {
    expect(encodeChannelFrame('base64.channel.k8s.io', 2, Buffer.from('hi'))).toBe('2aGk=');
    expect(decodeChannelFrame('base64.channel.k8s.io', Buffer.from('0aGk='), false)).toEqual({
      kind: 'data',
      channel: 0,
      data: Buffer.from('hi'),
    });
  });

  it('decodes stdin data and the v5 close message', () => {
    expect(decodeChannelFrame('v5.channel.k8s.io', Buffer.from([0, 0x61]), true)).toEqual({
      kind: 'data',
      channel: 0,
      data: Buffer.from('a'),
    });
    expect(decodeChannelFrame('v5.channel.k8s.io', Buffer.from([255, 0]), true)).toEqual({
      kind: 'close',
      channel: 0,
    });
    expect(decodeChannelFrame('v4.channel.k8s.io', Buffer.from([255, 0]), true)).toBeUndefined();
    expect(decodeChannelFrame('v5.channel.k8s.io', Buffer.alloc(0), true)).toBeUndefined();
  });
});

describe('errorChannelPayload', () => {
  it('reports success as a Success Status on v4 and v5', () => {
    expect(
      JSON.parse(String(errorChannelPayload('v5.channel.k8s.io', { exitCode: 0, argv: ['ls'] }))),
    ).toEqual({
      metadata: {},
      status: 'Success',
    });
  });

  it('reports a non-zero exit with reason NonZeroExitCode and the ExitCode cause', () => {
    const status = JSON.parse(
      String(errorChannelPayload('v4.channel.k8s.io', { exitCode: 3, argv: ['sh', '-c', 'exit 3'] })),
    );
    expect(status).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
    expect(status.message).toContain('command terminated with non-zero exit code');
  });

  it('sends plain text on the old protocol and nothing on its success', () => {
    expect(errorChannelPayload('channel.k8s.io', { exitCode: 0, argv: [] })).toBeUndefined();
    expect(String(errorChannelPayload('channel.k8s.io', { internalError: 'boom' }))).toBe(
      'Internal error occurred: boom',
    );
  });
});
