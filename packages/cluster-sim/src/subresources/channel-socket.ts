import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { KubeApiError } from '../errors.js';
import { type ChannelSubprotocol, encodeChannelFrame, negotiateSubprotocol } from '../exec-channel.js';
import type { SubresourceHandler } from './types.js';

/** Payload size per output frame. */
const FRAME_BYTES = 32 * 1024;

let webSockets: WebSocketServer | undefined;

/** The handshake helper, created on first use (it holds no sockets: `noServer`). */
function handshaker(): WebSocketServer {
  webSockets ??= new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => negotiateSubprotocol(offered) ?? false,
  });
  return webSockets;
}

/**
 * Completes a channel-protocol WebSocket handshake (exec, attach). Throws a 400 KubeApiError, before
 * touching the socket, when the client offers no channel subprotocol.
 */
export function acceptChannelSocket(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  serve: (ws: WebSocket, protocol: ChannelSubprotocol) => Promise<void>,
): void {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',');
  if (!negotiateSubprotocol(offered)) {
    throw new KubeApiError('BadRequest', 'unable to upgrade: none of the offered subprotocols is supported');
  }
  handshaker().handleUpgrade(req, socket, head, (ws) => {
    serve(ws, ws.protocol as ChannelSubprotocol).catch(() => ws.terminate());
  });
}

/** Sends data on a channel, split into frames of at most 32 KiB. */
export function sendOnChannel(
  ws: WebSocket,
  protocol: ChannelSubprotocol,
  channel: number,
  data: Buffer,
): void {
  for (let offset = 0; offset < data.length; offset += FRAME_BYTES) {
    ws.send(encodeChannelFrame(protocol, channel, data.subarray(offset, offset + FRAME_BYTES)));
  }
}

/**
 * exec and attach requests without a WebSocket upgrade (SPDY is not spoken here): the apiserver's
 * 400 "Upgrade request required".
 */
export const upgradeRequiredHandler: SubresourceHandler = () => {
  throw new KubeApiError('BadRequest', 'Upgrade request required');
};
