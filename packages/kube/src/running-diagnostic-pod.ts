import type { KubeConfig } from '@kubernetes/client-node';
import type { RunningDiagnosticPod } from '@triage/core';
import { KubeError, kubeErrorCodes } from './errors.js';
import { execInPod } from './exec-in-pod.js';
import { readTarFile } from './read-tar-file.js';

/** Room for tar's headers and its 10 KiB record padding around the copied file. */
const TAR_OVERHEAD_BYTES = 64 * 1024;

/**
 * Exec and copy-out for one running diagnostic pod. Every call ends by `endsAt` (the pod's own
 * deadline: past it the pod is gone anyway) and with `signal`.
 */
export function createRunningDiagnosticPod(
  config: KubeConfig,
  where: { namespace: string; podName: string; container: string; endsAt: number; signal: AbortSignal },
): RunningDiagnosticPod {
  const exec: RunningDiagnosticPod['exec'] = (command, options) =>
    execInPod(config, {
      namespace: where.namespace,
      pod: where.podName,
      container: where.container,
      command,
      maxBytes: options.maxBytes,
      timeoutMs: Math.max(0, Math.min(options.timeoutMs, where.endsAt - Date.now())),
      signal: where.signal,
    });

  return {
    podName: where.podName,
    exec,
    async copyFile(path, options) {
      const copied = await exec([options.tar, 'cf', '-', path], {
        maxBytes: options.maxBytes + TAR_OVERHEAD_BYTES,
        timeoutMs: options.timeoutMs,
      });
      const what = `copying ${path} out of pod ${where.podName}`;
      if (copied.truncated)
        throw new KubeError(kubeErrorCodes.copyFailed, `${what}: larger than ${options.maxBytes} bytes`);
      if (copied.timedOut)
        throw new KubeError(kubeErrorCodes.copyFailed, `${what}: not done within ${options.timeoutMs} ms`);
      if (copied.exitCode !== 0)
        throw new KubeError(
          kubeErrorCodes.copyFailed,
          `${what}: tar exited ${copied.exitCode ?? '?'}: ${copied.stderr.trim() || 'no message'}`,
        );
      const file = readTarFile(copied.stdout);
      if (file.content.length > options.maxBytes)
        throw new KubeError(kubeErrorCodes.copyFailed, `${what}: larger than ${options.maxBytes} bytes`);
      return file;
    },
  };
}
