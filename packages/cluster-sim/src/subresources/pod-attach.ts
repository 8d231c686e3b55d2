import type { WebSocket } from 'ws';
import { KubeApiError } from '../errors.js';
import {
  type ChannelSubprotocol,
  ERROR,
  encodeChannelFrame,
  errorChannelPayload,
  STDOUT,
} from '../exec-channel.js';
import type { PodObject } from '../pod-types.js';
import { resolveScenarioRules } from '../scenario-rules.js';
import { acceptChannelSocket, sendOnChannel } from './channel-socket.js';
import { containerState, resolveContainer } from './pod-container.js';
import { podLogText } from './pod-logs.js';
import type { SubresourceContext, SubresourceUpgradeHandler } from './types.js';

/**
 * pods/attach over WebSocket, enough for `kubectl run -i` / `kubectl attach`: sends the container's
 * output (its log text) on stdout, ignores stdin, and when the pod finishes, is deleted or the client
 * leaves, ends with the Success status the kubelet sends after an attach.
 */
export const podAttachUpgradeHandler: SubresourceUpgradeHandler = (req, socket, head, ctx) => {
  const pod = ctx.pod as PodObject;
  const container = resolveContainer(pod, ctx.query.get('container'));
  if (!containerState(pod, container.name)?.running) {
    throw new KubeApiError(
      'BadRequest',
      `unable to upgrade connection: container not found ("${container.name}")`,
    );
  }
  const output = Buffer.from(podLogText(pod, container, false, resolveScenarioRules(ctx.rules)));
  acceptChannelSocket(req, socket, head, (ws, protocol) => serveAttach(ws, protocol, output, ctx));
};

async function serveAttach(
  ws: WebSocket,
  protocol: ChannelSubprotocol,
  output: Buffer,
  ctx: SubresourceContext,
): Promise<void> {
  sendOnChannel(ws, protocol, STDOUT, output);
  const { namespace, name } = ctx.pod.metadata;
  const finished = (pod: PodObject | undefined) =>
    !pod || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  await new Promise<void>((resolve) => {
    const stop = ctx.store.watch(
      'pods',
      { namespace, fieldSelector: `metadata.name=${name}`, resourceVersion: ctx.store.resourceVersion() },
      (event) => {
        if (event.type === 'DELETED' || finished(event.object as PodObject)) setImmediate(done);
      },
    );
    function done() {
      stop();
      resolve();
    }
    ws.on('close', done);
    if (finished(ctx.store.get('pods', namespace, name ?? '') as PodObject | undefined)) setImmediate(done);
  });
  if (ws.readyState !== ws.OPEN) return;
  const status = errorChannelPayload(protocol, { exitCode: 0, argv: [] });
  if (status) ws.send(encodeChannelFrame(protocol, ERROR, status));
  ws.close(1000);
}
