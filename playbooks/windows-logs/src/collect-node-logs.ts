import type { DiagnosticPods, RunningDiagnosticPod } from '@triage/core';
import { KubeError, kubeErrorCodes } from '@triage/kube';
import { ARCHIVE_SECTION, type ArchiveManifest, archiveManifest } from './archive-manifest.js';
import { collectorCommand, keepAliveCommand, removeArchiveCommand, TAR } from './collector-command.js';
import { type LogSection, splitSections } from './log-sections.js';

/** How long the collector pod lives by default (activeDeadlineSeconds): collection, collectlogs.ps1, copy-out. */
export const COLLECTOR_DEADLINE_SECONDS = 180;
/** Largest archive copied out and attached; a larger one stays on the node and the finding says where. */
export const MAX_ARCHIVE_BYTES = 8 * 1024 * 1024;
/** Collector stdout read at most (TAIL_LINES per source keep it far below). */
export const MAX_OUTPUT_BYTES = 2 * 1024 * 1024;

/** What became of the archive the collector packed on the node. */
export type ArchiveOutcome =
  | ({ state: 'copied'; content: Uint8Array } & ArchiveManifest)
  | ({ state: 'too-large' } & ArchiveManifest)
  | { state: 'failed'; reason: string; manifest?: ArchiveManifest };

/** What the HostProcess collector brought back. */
export type NodeLogs =
  | {
      ok: true;
      podName: string;
      /** False when the collector was stopped at its deadline: the output is what it printed until then. */
      finished: boolean;
      text: string;
      sections: LogSection[];
      truncated: boolean;
      archive: ArchiveOutcome;
    }
  | { ok: false; reason: string; podName?: string; phase?: string };

/** The collector's time and the copy's: the copy gets a third of the deadline, at most 30 s. */
function budget(deadlineSeconds: number) {
  const copySeconds = Math.min(30, Math.floor(deadlineSeconds / 3));
  const collectSeconds = Math.max(1, deadlineSeconds - copySeconds);
  return {
    collectMs: collectSeconds * 1000,
    copyMs: Math.max(1, copySeconds) * 1000,
    collectlogsSeconds: Math.max(1, Math.floor(collectSeconds / 2)),
  };
}

async function copyArchive(
  pod: RunningDiagnosticPod,
  manifest: ArchiveManifest | undefined,
  finished: boolean,
  copyMs: number,
): Promise<ArchiveOutcome> {
  if (!manifest)
    return {
      state: 'failed',
      reason: finished
        ? 'the collector reported no archive (tar.exe missing or failed)'
        : 'the collector was stopped before it packed the archive',
    };
  if (manifest.bytes > MAX_ARCHIVE_BYTES) return { state: 'too-large', ...manifest };
  try {
    const file = await pod.copyFile(manifest.path, {
      tar: TAR,
      maxBytes: MAX_ARCHIVE_BYTES,
      timeoutMs: copyMs,
    });
    // Copied: the node keeps no archive. A failed removal only leaves a small file in C:\k\debug.
    await pod
      .exec(removeArchiveCommand(manifest.path), { maxBytes: 4096, timeoutMs: copyMs })
      .catch(() => undefined);
    return { state: 'copied', ...manifest, content: file.content };
  } catch (err) {
    if (err instanceof KubeError && err.code === kubeErrorCodes.aborted) throw err;
    return { state: 'failed', reason: err instanceof Error ? err.message : String(err), manifest };
  }
}

/**
 * Runs one HostProcess pod on the Windows node that only sleeps, execs the collector into it
 * (bounded by time and output size), copies the archive it packed out as `kubectl cp` does (at
 * most {@link MAX_ARCHIVE_BYTES}), and lets `DiagnosticPods.run` delete the pod whatever happens;
 * a cancelled run rethrows after that. `requestedBy` goes onto the pod for audits.
 */
export async function collectNodeLogs(
  pods: DiagnosticPods,
  request: {
    node: string;
    windowMinutes: number;
    signal: AbortSignal;
    deadlineSeconds?: number;
    requestedBy?: string;
  },
): Promise<NodeLogs> {
  const deadlineSeconds = request.deadlineSeconds ?? COLLECTOR_DEADLINE_SECONDS;
  const { collectMs, copyMs, collectlogsSeconds } = budget(deadlineSeconds);
  let collected: NodeLogs | undefined;
  try {
    const result = await pods.run({
      node: request.node,
      os: 'windows',
      image: pods.images.windowsHostProcess,
      command: keepAliveCommand(deadlineSeconds),
      deadlineSeconds,
      purpose: 'windows-logs',
      signal: request.signal,
      ...(request.requestedBy && { requestedBy: request.requestedBy }),
      async whileRunning(pod) {
        const ran = await pod.exec(collectorCommand(request.windowMinutes, collectlogsSeconds), {
          maxBytes: MAX_OUTPUT_BYTES,
          timeoutMs: collectMs,
        });
        const text = Buffer.from(ran.stdout).toString('utf8');
        const all = splitSections(text);
        const finished = !ran.timedOut && !ran.truncated;
        collected = {
          ok: true,
          podName: pod.podName,
          finished,
          text,
          sections: all.filter((s) => s.source !== ARCHIVE_SECTION),
          truncated: ran.truncated,
          archive: await copyArchive(pod, archiveManifest(all), finished, copyMs),
        };
        if (text.trim() === '' && ran.exitCode !== 0)
          collected = {
            ok: false,
            podName: pod.podName,
            reason: `the collector exited ${ran.exitCode ?? '(stopped)'} without output${ran.stderr ? `: ${ran.stderr.trim()}` : ''}`,
          };
      },
    });
    if (collected) return collected;
    return {
      ok: false,
      podName: result.podName,
      phase: result.phase,
      reason: `the collector pod ${result.podName} never ran (${result.phase}${result.exitCode === undefined ? '' : `, exit code ${result.exitCode}`})`,
    };
  } catch (err) {
    if (err instanceof KubeError && err.code === kubeErrorCodes.aborted) throw err;
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
