import type { WebSocket } from 'ws';
import { KubeApiError } from '../errors.js';
import {
  type ChannelSubprotocol,
  decodeChannelFrame,
  encodeChannelFrame,
  ERROR,
  errorChannelPayload,
  STDERR,
  STDIN,
  STDOUT,
} from '../exec-channel.js';
import { type ExecResult, runExecCommand } from '../exec-commands.js';
import type { ObjectStore } from '../object-store.js';
import type { PodObject } from '../pod-types.js';
import { resolveScenarioRules } from '../scenario-rules.js';
import { acceptChannelSocket, sendOnChannel } from './channel-socket.js';
import { containerState, resolveContainer } from './pod-container.js';
import type { SubresourceContext, SubresourceUpgradeHandler } from './types.js';

/**
 * pods/exec over WebSocket (`v5.channel.k8s.io`, `v4.channel.k8s.io`, `channel.k8s.io`,
 * `base64.channel.k8s.io`): answers from scenario `exec` rules and built-ins (exec-commands.ts),
 * consumes stdin until the client half-closes it (v5) or leaves, then sends stdout, stderr and the
 * exit Status on the error channel and closes.
 */

/** Largest stdin accepted per exec (kubectl cp uploads go through it). */
const MAX_STDIN_BYTES = 64 * 1024 * 1024;
/** Files uploaded by `tar x` per store and container (`ns/pod/container`), so `kubectl cp` round-trips. */
const uploadsByStore = new WeakMap<ObjectStore, Map<string, Map<string, Buffer>>>();

function uploadsFor(store: ObjectStore, key: string): Map<string, Buffer> {
  let byContainer = uploadsByStore.get(store);
  if (!byContainer) {
    byContainer = new Map();
    uploadsByStore.set(store, byContainer);
  }
  let files = byContainer.get(key);
  if (!files) {
    files = new Map();
    byContainer.set(key, files);
  }
  return files;
}

/** Validates the request, then completes the WebSocket handshake and runs the command. */
export const podExecUpgradeHandler: SubresourceUpgradeHandler = (req, socket, head, ctx) => {
  // errors thrown before the handshake are answered as HTTP Status responses by the API server
  const prepared = prepareExec(ctx);
  acceptChannelSocket(req, socket, head, (ws, protocol) => serveExec(ws, protocol, prepared));
};

interface PreparedExec {
  argv: string[];
  stdin: boolean;
  tty: boolean;
  run: (readStdin: () => Promise<Buffer>) => Promise<ExecResult>;
}

function prepareExec(ctx: SubresourceContext): PreparedExec {
  const pod = ctx.pod as PodObject;
  const argv = ctx.query.getAll('command');
  if (argv.length === 0) throw new KubeApiError('BadRequest', 'you must specify at least 1 command');
  const container = resolveContainer(pod, ctx.query.get('container'));
  if (!containerState(pod, container.name)?.running) {
    throw new KubeApiError(
      'BadRequest',
      `unable to upgrade connection: container not found ("${container.name}")`,
    );
  }
  const rules = resolveScenarioRules(ctx.rules).exec;
  const podKey = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const uploads = uploadsFor(ctx.store, `${podKey}/${container.name}`);
  const subject = {
    pod: podKey,
    container: container.name,
    image: container.image ?? '',
    command: argv,
    node: pod.spec?.nodeName,
  };
  return {
    argv,
    stdin: ctx.query.get('stdin') === 'true' || ctx.query.get('stdin') === '1',
    tty: ctx.query.get('tty') === 'true' || ctx.query.get('tty') === '1',
    run: (readStdin) => runExecCommand({ subject, rules, uploads, readStdin }),
  };
}

/** Collects stdin frames until stdin is half-closed (v5) or the socket closes. */
function collectStdin(ws: WebSocket, protocol: ChannelSubprotocol, enabled: boolean): () => Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let done = !enabled;
  let release: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    release = resolve;
  });
  const end = () => {
    done = true;
    release();
  };
  if (done) end();
  ws.on('message', (frame: Buffer, isBinary: boolean) => {
    const message = decodeChannelFrame(protocol, frame, isBinary);
    if (!message || done) return;
    if (message.kind === 'close' && message.channel === STDIN) end();
    if (message.kind === 'data' && message.channel === STDIN) {
      size += message.data.length;
      if (size > MAX_STDIN_BYTES) ws.close(1009, 'stdin too large');
      else chunks.push(Buffer.from(message.data));
    }
  });
  ws.on('close', end);
  return async () => {
    await finished;
    return Buffer.concat(chunks);
  };
}

async function serveExec(ws: WebSocket, protocol: ChannelSubprotocol, exec: PreparedExec): Promise<void> {
  const readStdin = collectStdin(ws, protocol, exec.stdin);
  const result = await exec.run(readStdin);
  if (ws.readyState !== ws.OPEN) return;
  sendOnChannel(
    ws,
    protocol,
    STDOUT,
    exec.tty ? Buffer.concat([result.stdout, result.stderr]) : result.stdout,
  );
  if (!exec.tty) sendOnChannel(ws, protocol, STDERR, result.stderr);
  const status = errorChannelPayload(protocol, { exitCode: result.exitCode, argv: exec.argv });
  if (status) ws.send(encodeChannelFrame(protocol, ERROR, status));
  // kubectl's WebSocket executor dispatches channels asynchronously: a close that follows the exit
  // Status at once can overtake it (seen under load: exit code 1 instead of the command's). Let the
  // client take the Status first; it may also close first.
  const closer = setTimeout(() => ws.close(1000), 100);
  closer.unref();
  ws.once('close', () => clearTimeout(closer));
}
