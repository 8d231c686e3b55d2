import type { DiagnosticPods } from '@triage/core';
import { KubeError, kubeErrorCodes } from '@triage/kube';
import { collectorCommand } from './collector-command.js';
import { type LogSection, splitSections } from './log-sections.js';

/** How long the collector pod may run by default (activeDeadlineSeconds); tails and one event query take seconds. */
export const COLLECTOR_DEADLINE_SECONDS = 60;

/** What the HostProcess collector brought back. */
export type NodeLogs =
  | { ok: true; podName: string; phase: string; text: string; sections: LogSection[]; truncated: boolean }
  | { ok: false; reason: string; podName?: string; phase?: string };

/**
 * Runs one HostProcess collector pod on the Windows node and splits its output into sections.
 * The pod is deleted by `DiagnosticPods.run` whatever happens; a cancelled run rethrows after that.
 */
export async function collectNodeLogs(
  pods: DiagnosticPods,
  node: string,
  windowMinutes: number,
  signal: AbortSignal,
  deadlineSeconds = COLLECTOR_DEADLINE_SECONDS,
): Promise<NodeLogs> {
  try {
    const result = await pods.run({
      node,
      os: 'windows',
      image: pods.images.windowsHostProcess,
      command: collectorCommand(windowMinutes),
      deadlineSeconds,
      purpose: 'windows-logs',
      signal,
    });
    if (result.phase !== 'Succeeded' && result.logs.trim() === '')
      return {
        ok: false,
        podName: result.podName,
        phase: result.phase,
        reason: `the collector pod ${result.podName} ended ${result.phase}${result.exitCode === undefined ? '' : ` (exit code ${result.exitCode})`} without output`,
      };
    return {
      ok: true,
      podName: result.podName,
      phase: result.phase,
      text: result.logs,
      sections: splitSections(result.logs),
      truncated: result.truncated,
    };
  } catch (err) {
    if (err instanceof KubeError && err.code === kubeErrorCodes.aborted) throw err;
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
