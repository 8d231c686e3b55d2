import { Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import type { DiagnosticExecResult } from '@triage/core';
import { KubeError, kubeErrorCodes } from './errors.js';
import { allowPlainHttp } from './kube-request.js';
import WebSocket from 'ws';

/** One command to run in a container through pods/exec. */
export interface ExecRequest {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  /** stdout kept at most; the command is stopped (the socket closed) when it prints more. */
  maxBytes: number;
  /** The command is stopped after this long; its output so far is returned with `timedOut`. */
  timeoutMs: number;
  /** Cancellation: the socket is closed and the call rejects with TRIAGE_ERR_KUBE_ABORTED. */
  signal: AbortSignal;
}

/** stderr kept for messages: enough for an error, never a flood. */
const MAX_STDERR_CHARS = 1024;

/** The exit code a Status on the error channel reports (`Success` → 0, `NonZeroExitCode` → its cause). */
function exitCodeOf(status: V1Status): number {
  if (status.status === 'Success') return 0;
  const code = Number(status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message);
  return Number.isInteger(code) ? code : 1;
}

/**
 * Runs a command in a container over the pods/exec WebSocket (client-node's Exec, the channel
 * protocol kubectl speaks), without stdin or TTY. stdout is bounded by `maxBytes`, the call by
 * `timeoutMs` (both stop the command and return what came so far); cancellation rejects.
 * Needs `create` on pods/exec.
 */
export function execInPod(config: KubeConfig, request: ExecRequest): Promise<DiagnosticExecResult> {
  const { signal } = request;
  if (signal.aborted)
    return Promise.reject(new KubeError(kubeErrorCodes.aborted, `exec in pod ${request.pod} was aborted`));
  const chunks: Buffer[] = [];
  let bytes = 0;
  let truncated = false;
  let timedOut = false;
  let stderr = '';
  let status: V1Status | undefined;
  let socket: { close(): void } | undefined;
  let settled = false;

  return new Promise<DiagnosticExecResult>((resolve, reject) => {
    const settle = (error?: KubeError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket?.close();
      if (error) return reject(error);
      const message = status && status.status !== 'Success' && !status.details?.causes ? status.message : '';
      resolve({
        stdout: Buffer.concat(chunks),
        stderr: `${message ? `${message}\n` : ''}${stderr}`.slice(0, MAX_STDERR_CHARS),
        ...(status && !truncated && !timedOut && { exitCode: exitCodeOf(status) }),
        truncated,
        timedOut,
      });
    };
    const onAbort = () =>
      settle(new KubeError(kubeErrorCodes.aborted, `exec in pod ${request.pod} was aborted`));
    const timer = setTimeout(() => {
      timedOut = true;
      settle();
    }, request.timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });

    const stdout = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const room = request.maxBytes - bytes;
        if (!truncated && chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          bytes = request.maxBytes;
          truncated = true;
          settle();
        } else if (!truncated) {
          chunks.push(chunk);
          bytes += chunk.length;
        }
        done();
      },
    });
    const stderrStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (stderr.length < MAX_STDERR_CHARS) stderr += chunk.toString('utf8');
        done();
      },
    });
    const kc = allowPlainHttp(config);
    // `ws` itself rather than client-node's isomorphic-ws, which bundlers (vitest) resolve to its browser build.
    const handler = new WebSocketHandler(
      kc,
      (uri, protocols, options) => new WebSocket(uri, protocols, options),
    );
    new Exec(kc, handler)
      .exec(
        request.namespace,
        request.pod,
        request.container,
        request.command,
        stdout,
        stderrStream,
        null,
        false,
        (s) => {
          status = s;
        },
      )
      .then(
        (ws) => {
          socket = ws;
          if (settled) return ws.close();
          // The Status arrives on the error channel just before the server closes the socket.
          ws.on('close', () => settle());
        },
        (err: unknown) =>
          settle(
            new KubeError(
              kubeErrorCodes.execFailed,
              `exec in pod ${request.namespace}/${request.pod} failed: ${err instanceof Error ? err.message : String(err)}`,
              { cause: err },
            ),
          ),
      );
  });
}
