import { definePlaybook, sortFindings } from '@triage/core';
import { COLLECTOR_DEADLINE_SECONDS, collectNodeLogs, type NodeLogs } from './collect-node-logs.js';
import { fetchNodeObjects } from './fetch-node-objects.js';
import { windowsLogsParams } from './params.js';
import { windowsLogsTriggers } from './triggers.js';
import { nodeOs } from './windows-build.js';
import { missingNodeFinding } from './windows-node-checks.js';
import { windowsNodeFindings } from './windows-node-findings.js';

export { type ArchiveManifest, archiveManifest } from './archive-manifest.js';
export { COLLECTOR_DEADLINE_SECONDS, MAX_ARCHIVE_BYTES } from './collect-node-logs.js';
export { collectorCommand, NODE_LOG_FILES, POWERSHELL, TAR } from './collector-command.js';
export { hnsFindings } from './hns-errors.js';
export { LOG_MONITOR_CONFIG_SKETCH, missingLogMonitorFindings } from './missing-log-monitor.js';
export { NODE_LOG_SIGNATURES, nodeLogFindings } from './node-log-signatures.js';
export { OS_MISMATCH_TEXT, osMismatchFindings } from './os-mismatch.js';
export { nodeNameParam, type WindowsLogsParams, windowsLogsParams } from './params.js';
export { WINDOWS_NODE_ALERT_NAMES } from './triggers.js';
export { releaseOfBuild, releaseOfImage, WINDOWS_RELEASES } from './windows-build.js';
export {
  type WindowsCheckFinding,
  type WindowsCheckId,
  type WindowsCheckObjects,
  windowsChecks,
} from './windows-checks.js';
export { windowsImageOnLinuxFindings } from './windows-image-on-linux.js';
export {
  missingNodeFinding,
  systemMemoryReserve,
  WINDOWS_EXPORTER_PORT,
  WINDOWS_MIN_RESERVE_BYTES,
} from './windows-node-checks.js';

/**
 * Windows node diagnosis: reads the node, its pods and their Warning events; on a Windows node runs
 * one HostProcess pod, execs the collector into it (node logs, System and Application event logs,
 * network and HNS state, containerd's view, collectlogs.ps1 when staged; bounded by the window and
 * line counts), copies the archive it packed out and attaches it (8 MiB at most), deletes the pod
 * whatever happens, then turns known failure signatures into findings. Without diagnostic pods,
 * only the object checks run.
 *
 * `collectorDeadlineSeconds` (default 180) bounds the HostProcess pod; a collector that hangs is
 * stopped there and its output up to then is used.
 *
 * @example triage run windows-logs --node aksnpwin000000 --windowMinutes 120
 */
export function createWindowsLogsPlaybook(options: { collectorDeadlineSeconds?: number } = {}) {
  const deadlineSeconds = options.collectorDeadlineSeconds ?? COLLECTOR_DEADLINE_SECONDS;
  return definePlaybook({
    name: 'windows-logs',
    summary:
      'Windows node logs through a HostProcess pod, and known Windows failure signatures (HNS, OS build, LogMonitor)',
    params: windowsLogsParams,
    triggers: windowsLogsTriggers,
    timeoutMs: 240_000,
    async run(ctx, { node, windowMinutes }) {
      await ctx.progress(`Reading node ${node}, its pods and their events`);
      ctx.signal.throwIfAborted();
      const objects = await fetchNodeObjects(ctx.kube, node);
      if (!objects) return [missingNodeFinding(node)];
      let logs: NodeLogs | undefined;
      if (nodeOs(objects.node) === 'windows' && ctx.diagnosticPods) {
        await ctx.progress(
          `Collecting the last ${windowMinutes} min of logs and HNS state on ${node} (HostProcess pod)`,
        );
        const requestedBy = ctx.trigger.requestedBy;
        logs = await collectNodeLogs(ctx.diagnosticPods, {
          node,
          windowMinutes,
          signal: ctx.signal,
          deadlineSeconds,
          ...(requestedBy && { requestedBy }),
        });
        // The audit trail of who had a SYSTEM pod run on which node (the pod carries it as a label too).
        ctx.log.info(
          {
            audit: 'diagnostic-pod',
            purpose: 'windows-logs',
            node,
            podName: logs.podName,
            requestedBy: requestedBy ?? null,
            trigger: ctx.trigger.name,
            collected: logs.ok,
          },
          'HostProcess diagnostic pod ran and was deleted',
        );
      }
      return sortFindings(windowsNodeFindings(objects, logs));
    },
  });
}

/** windows-logs with the default collector deadline. */
export const windowsLogsPlaybook = createWindowsLogsPlaybook();
