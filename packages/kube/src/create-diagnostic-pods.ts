import type { KubeConfig } from '@kubernetes/client-node';
import type {
  DiagnosticImages,
  DiagnosticPodResult,
  DiagnosticPodSpec,
  DiagnosticPods,
  KubeObject,
} from '@triage/core';
import {
  diagnosticContainer,
  diagnosticPodLabels,
  diagnosticPodManifest,
  diagnosticPodName,
  diagnosticPodSelector,
} from './diagnostic-pod-manifest.js';
import { KubeError, kubeErrorCodes, type RequestDescription } from './errors.js';
import { createKubeTransport, failure, type KubeRequestOptions, type KubeTransport } from './kube-request.js';
import { createRunningDiagnosticPod } from './running-diagnostic-pod.js';
import { assertNamespaceName, assertObjectName } from './validate-name.js';

/** Inspektor Gadget release the default images pin (ig and its gadgets share the version). */
export const IG_VERSION = 'v0.55.0';

/** Default images; override each for an air-gapped registry. */
export const defaultDiagnosticImages: DiagnosticImages = {
  ig: `ghcr.io/inspektor-gadget/ig:${IG_VERSION}`,
  gadgetRepository: 'ghcr.io/inspektor-gadget/gadget',
  gadgetTag: IG_VERSION,
  windowsHostProcess: 'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0',
};

export interface DiagnosticPodsOptions extends KubeRequestOptions {
  /** Triage's own namespace; pods are created nowhere else. */
  namespace: string;
  images?: Partial<DiagnosticImages>;
  /** Log bytes read per pod when buffered (`limitBytes`); default 16 MiB (about 15,000 ig events). */
  maxLogBytes?: number;
  /** Log bytes read per pod when streamed to `onLogLine`; default 512 MiB (memory stays flat). */
  maxStreamedLogBytes?: number;
  /** How often `run` looks at the pod; default 1000 ms. */
  pollIntervalMs?: number;
  /** Seconds a pod may take beyond its deadline (image pull, log read) before `run` stops waiting
   *  and the janitor counts it as left over; default 60. */
  graceSeconds?: number;
  clock?: () => Date;
}

const finished = new Set(['Succeeded', 'Failed']);

/**
 * Diagnostic pods in Triage's namespace over the kubeconfig's current cluster (core's
 * DiagnosticPods). `run` creates the pod pinned to its node, polls until it finishes or the wait
 * ends (deadline + grace), reads at most `maxLogBytes` of its log, and deletes it in `finally` —
 * also when the wait times out or the signal aborts. With `spec.whileRunning`, the wait ends once
 * the container runs, the callback execs into the pod or copies files out (pods/exec, as `kubectl
 * cp` does), and the pod is deleted after it settles. Needs create/get/list/delete on pods, get on
 * pods/log and (for `whileRunning`) create on pods/exec in that namespace.
 *
 * @example
 * const pods = createDiagnosticPods(loadKubeConfig(), { namespace: 'triage-system' });
 * const { logs } = await pods.run({ node: 'aks-np1-0', os: 'linux', image: pods.images.ig,
 *   command: ['ig', 'run', 'trace_tcp', '-o', 'json', '--timeout', '15'], deadlineSeconds: 45,
 *   purpose: 'trace-tcp', signal: ctx.signal });
 */
export function createDiagnosticPods(config: KubeConfig, options: DiagnosticPodsOptions): DiagnosticPods {
  const { namespace } = options;
  assertNamespaceName(namespace);
  const images = { ...defaultDiagnosticImages, ...options.images };
  const maxLogBytes = options.maxLogBytes ?? 16 * 1024 * 1024;
  const maxStreamedLogBytes = options.maxStreamedLogBytes ?? 512 * 1024 * 1024;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const graceSeconds = options.graceSeconds ?? 60;
  const clock = options.clock ?? (() => new Date());
  const podsPath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  // Deletion must outlive a cancelled run: its transport never sees the caller's signal.
  const janitorSend = createKubeTransport(config, { requestTimeoutMs: options.requestTimeoutMs });
  const describe = (verb: RequestDescription['verb'], name?: string): RequestDescription => ({
    verb,
    resource: 'pods',
    namespace,
    ...(name && { name }),
  });

  async function remove(name: string): Promise<boolean> {
    const answer = await janitorSend({
      method: 'DELETE',
      path: `${podsPath}/${encodeURIComponent(name)}`,
      query: new URLSearchParams({ gracePeriodSeconds: '0' }),
      describe: describe('delete', name),
    });
    if (answer.status === 404) return false;
    if (answer.status >= 300) throw failure(answer, describe('delete', name));
    return true;
  }

  async function readPod(send: KubeTransport, name: string): Promise<KubeObject | undefined> {
    const answer = await send({
      method: 'GET',
      path: `${podsPath}/${name}`,
      describe: describe('get', name),
    });
    if (answer.status === 404) return undefined;
    if (answer.status >= 300) throw failure(answer, describe('get', name));
    return answer.body as KubeObject;
  }

  /** The log, or with `onLine` its last lines while every line goes to `onLine`; and whether it hit the limit. */
  async function readLogs(
    send: KubeTransport,
    name: string,
    onLine: ((line: string) => void) | undefined,
  ): Promise<{ logs: string; truncated: boolean }> {
    const limit = onLine ? maxStreamedLogBytes : maxLogBytes;
    const lines = onLine && createLineSplitter(onLine);
    const answer = await send({
      method: 'GET',
      path: `${podsPath}/${name}/log`,
      query: new URLSearchParams({ container: diagnosticContainer, limitBytes: String(limit) }),
      describe: { ...describe('get', name), resource: 'pods/log' },
      rawText: true,
      ...(lines && { onText: lines.push }),
    });
    // A pod that never started has no log yet (400 "waiting to start"): an empty log, not an error.
    if (answer.status === 400) return { logs: '', truncated: false };
    if (answer.status >= 300) throw failure(answer, { ...describe('get', name), resource: 'pods/log' });
    if (lines) return lines.end(limit);
    const logs = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return { logs, truncated: Buffer.byteLength(logs) >= limit };
  }

  return {
    images,

    async run(spec: DiagnosticPodSpec): Promise<DiagnosticPodResult> {
      assertObjectName(spec.node);
      if (!Number.isInteger(spec.deadlineSeconds) || spec.deadlineSeconds < 1)
        throw new KubeError(kubeErrorCodes.badRequest, 'deadlineSeconds must be a positive integer');
      const signal = AbortSignal.any([
        ...(options.signal ? [options.signal] : []),
        ...(spec.signal ? [spec.signal] : []),
      ]);
      const send = createKubeTransport(config, { requestTimeoutMs: options.requestTimeoutMs, signal });
      const name = diagnosticPodName(spec.purpose);
      const manifest = diagnosticPodManifest(spec, { namespace, name, now: clock() });
      // activeDeadlineSeconds counts from the pod's start, which comes after this: a bound on our own clock.
      const endsAt = Date.now() + spec.deadlineSeconds * 1000;
      const created = await send({
        method: 'POST',
        path: podsPath,
        describe: describe('create', name),
        body: { json: manifest },
      });
      if (created.status >= 300) throw createFailure(created, describe('create', name), namespace);
      try {
        const waitUntil = Date.now() + (spec.deadlineSeconds + graceSeconds) * 1000;
        // With work to do inside the pod, waiting ends as soon as its container runs.
        const ready = (p: KubeObject) => finished.has(phaseOf(p)) || (spec.whileRunning && isRunning(p));
        let pod = await readPod(send, name);
        while (pod && !ready(pod) && Date.now() < waitUntil) {
          await sleep(pollIntervalMs, signal);
          pod = await readPod(send, name);
        }
        if (pod && spec.whileRunning && isRunning(pod)) {
          await spec.whileRunning(
            createRunningDiagnosticPod(config, {
              namespace,
              podName: name,
              container: diagnosticContainer,
              endsAt,
              signal,
            }),
          );
          pod = await readPod(send, name);
        }
        if (!pod)
          throw new KubeError(
            kubeErrorCodes.notFound,
            `diagnostic pod ${namespace}/${name} vanished before it finished`,
          );
        const phase = phaseOf(pod);
        const { logs, truncated } =
          phase === 'Pending' ? { logs: '', truncated: false } : await readLogs(send, name, spec.onLogLine);
        const exitCode = exitCodeOf(pod);
        return { podName: name, phase, ...(exitCode !== undefined && { exitCode }), logs, truncated };
      } catch (err) {
        if (signal.aborted && !(err instanceof KubeError && err.code === kubeErrorCodes.aborted))
          throw new KubeError(kubeErrorCodes.aborted, `diagnostic pod ${name} was aborted`, { cause: err });
        throw err;
      } finally {
        await remove(name);
      }
    },

    async cleanup(): Promise<number> {
      const answer = await janitorSend({
        method: 'GET',
        path: podsPath,
        query: new URLSearchParams({ labelSelector: diagnosticPodSelector, limit: '500' }),
        describe: describe('list'),
      });
      if (answer.status >= 300) throw failure(answer, describe('list'));
      const items = ((answer.body as { items?: KubeObject[] }).items ?? []) as KubeObject[];
      const nowSeconds = clock().getTime() / 1000;
      let deleted = 0;
      for (const pod of items) {
        const expiresAt = createdAtSeconds(pod) + deadlineOf(pod) + graceSeconds;
        if (expiresAt < nowSeconds && (await remove(pod.metadata.name))) deleted++;
      }
      return deleted;
    },
  };
}

function createFailure(
  answer: { status: number; retryAfter: string | null; body: unknown },
  req: RequestDescription,
  namespace: string,
) {
  const err = failure(answer, req);
  if (answer.status !== 404) return err;
  return new KubeError(
    kubeErrorCodes.notFound,
    `${err.message}. Diagnostic pods run in namespace ${namespace}: create it (kubectl create namespace ${namespace}) or set kube.namespace in the config.`,
    { status: 404, cause: err },
  );
}

/** Lines kept for `logs` when streaming (error context for a failed pod). */
const TAIL_LINES = 5;
const MAX_LINE_CHARS = 1024 * 1024;

/** Splits streamed text into lines for `onLine`, remembering the last few and the byte count. */
function createLineSplitter(onLine: (line: string) => void) {
  let carry = '';
  let bytes = 0;
  const tail: string[] = [];
  const emit = (line: string) => {
    onLine(line);
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  return {
    push(chunk: string) {
      bytes += Buffer.byteLength(chunk);
      const text = carry + chunk;
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        emit(text.slice(start, end));
        start = end + 1;
      }
      carry = text.slice(start);
      // A line without end (hostile or binary output) is cut rather than held without bound.
      if (carry.length > MAX_LINE_CHARS) {
        emit(carry);
        carry = '';
      }
    },
    end(limit: number): { logs: string; truncated: boolean } {
      if (carry) emit(carry);
      carry = '';
      return { logs: tail.join('\n'), truncated: bytes >= limit };
    },
  };
}

/** True when the pod is Running and its container has started (exec needs a running container). */
function isRunning(pod: KubeObject): boolean {
  const statuses = (pod.status as { containerStatuses?: { state?: { running?: unknown } }[] })
    ?.containerStatuses;
  return phaseOf(pod) === 'Running' && Boolean(statuses?.[0]?.state?.running);
}

function phaseOf(pod: KubeObject): string {
  const phase = (pod.status as { phase?: unknown } | undefined)?.phase;
  return typeof phase === 'string' ? phase : 'Unknown';
}

function exitCodeOf(pod: KubeObject): number | undefined {
  const statuses = (
    pod.status as { containerStatuses?: { state?: { terminated?: { exitCode?: unknown } } }[] }
  )?.containerStatuses;
  const code = statuses?.[0]?.state?.terminated?.exitCode;
  return typeof code === 'number' ? code : undefined;
}

/** The owner label's Unix seconds, else the creationTimestamp, else 0 (unknown age counts as old). */
function createdAtSeconds(pod: KubeObject): number {
  const label = Number(pod.metadata.labels?.[diagnosticPodLabels.createdAt]);
  if (Number.isFinite(label) && label > 0) return label;
  const created = Date.parse(pod.metadata.creationTimestamp ?? '');
  return Number.isFinite(created) ? created / 1000 : 0;
}

function deadlineOf(pod: KubeObject): number {
  const deadline = (pod.spec as { activeDeadlineSeconds?: unknown } | undefined)?.activeDeadlineSeconds;
  return typeof deadline === 'number' ? deadline : 0;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted)
      return reject(new KubeError(kubeErrorCodes.aborted, 'diagnostic pod wait was aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new KubeError(kubeErrorCodes.aborted, 'diagnostic pod wait was aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
