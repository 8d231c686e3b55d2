/**
 * Framing of the Kubernetes channel WebSocket protocols used by pods/exec and pods/attach
 * (`k8s.io/apimachinery/pkg/util/httpstream/wsstream`): every message starts with a channel byte
 * (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize); `base64.channel.k8s.io` sends text frames with an
 * ASCII channel digit and base64 data; `v5.channel.k8s.io` adds the close message `[255, channel]`.
 */

/** Subprotocols the simulator accepts, most preferred first. */
export const CHANNEL_SUBPROTOCOLS = [
  'v5.channel.k8s.io',
  'v4.channel.k8s.io',
  'channel.k8s.io',
  'base64.channel.k8s.io',
] as const;

export type ChannelSubprotocol = (typeof CHANNEL_SUBPROTOCOLS)[number];

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
/** v5 only: `[255, n]` half-closes channel n. */
export const CLOSE = 255;

/** The subprotocol to answer with (highest the client offers), or undefined when none fits. */
export function negotiateSubprotocol(offered: Iterable<string>): ChannelSubprotocol | undefined {
  const offeredSet = new Set([...offered].map((protocol) => protocol.trim()));
  return CHANNEL_SUBPROTOCOLS.find((protocol) => offeredSet.has(protocol));
}

/** One decoded client message. */
export type ChannelMessage =
  | { kind: 'data'; channel: number; data: Buffer }
  | { kind: 'close'; channel: number };

/** Encodes a payload for `channel`: a binary frame, or a text frame for the base64 protocol. */
export function encodeChannelFrame(
  protocol: ChannelSubprotocol,
  channel: number,
  data: Buffer,
): Buffer | string {
  if (protocol === 'base64.channel.k8s.io')
    return `${String.fromCharCode(48 + channel)}${data.toString('base64')}`;
  return Buffer.concat([Buffer.from([channel]), data]);
}

/** Decodes a client frame; undefined for empty or malformed frames (the server ignores them). */
export function decodeChannelFrame(
  protocol: ChannelSubprotocol,
  frame: Buffer,
  isBinary: boolean,
): ChannelMessage | undefined {
  if (frame.length === 0) return undefined;
  if (protocol === 'base64.channel.k8s.io' && !isBinary) {
    const channel = frame[0] as number;
    if (channel < 48 || channel > 57) return undefined;
    return {
      kind: 'data',
      channel: channel - 48,
      data: Buffer.from(frame.subarray(1).toString('latin1'), 'base64'),
    };
  }
  const channel = frame[0] as number;
  if (channel === CLOSE) {
    if (protocol !== 'v5.channel.k8s.io' || frame.length < 2) return undefined;
    return { kind: 'close', channel: frame[1] as number };
  }
  return { kind: 'data', channel, data: frame.subarray(1) };
}

/** What ended the command: its exit code, or an error the runtime reported before it ran. */
export type ExecOutcome = { exitCode: number; argv: readonly string[] } | { internalError: string };

/**
 * The error-channel payload for an outcome. v4/v5 carry a JSON `metav1.Status` (Success, or Failure
 * with reason NonZeroExitCode and an ExitCode cause); the older protocols carry plain text and
 * nothing on success.
 */
export function errorChannelPayload(protocol: ChannelSubprotocol, outcome: ExecOutcome): Buffer | undefined {
  const structured = protocol === 'v5.channel.k8s.io' || protocol === 'v4.channel.k8s.io';
  if ('internalError' in outcome) {
    const message = `Internal error occurred: ${outcome.internalError}`;
    if (!structured) return Buffer.from(message);
    return Buffer.from(
      JSON.stringify({
        metadata: {},
        status: 'Failure',
        message,
        reason: 'InternalError',
        details: { causes: [{ message: outcome.internalError }] },
        code: 500,
      }),
    );
  }
  if (outcome.exitCode === 0)
    return structured ? Buffer.from(JSON.stringify({ metadata: {}, status: 'Success' })) : undefined;
  const message = `command terminated with non-zero exit code: command '${outcome.argv.join(' ')}' exited with ${outcome.exitCode}: `;
  if (!structured) return Buffer.from(message);
  return Buffer.from(
    JSON.stringify({
      metadata: {},
      status: 'Failure',
      message,
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: String(outcome.exitCode) }] },
    }),
  );
}
