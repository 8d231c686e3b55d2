import type { Finding } from '@triage/core';
import { type PodView, podKey } from './kube-views.js';

/** A LogMonitor configuration covering the three source types it supports (microsoft/windows-container-tools). */
export const LOG_MONITOR_CONFIG_SKETCH = JSON.stringify({
  LogConfig: {
    sources: [
      {
        type: 'EventLog',
        startAtOldestRecord: false,
        eventFormatMultiLine: false,
        channels: [
          { name: 'system', level: 'Warning' },
          { name: 'application', level: 'Error' },
        ],
      },
      {
        type: 'ETW',
        eventFormatMultiLine: false,
        providers: [
          {
            providerName: 'IIS: WWW Server',
            providerGuid: '3A2A4E84-4C21-4981-AE10-3FDA0D9B0F83',
            level: 'Information',
          },
        ],
      },
      { type: 'File', directory: 'C:\\inetpub\\logs', filter: '*.log', includeSubdirectories: true },
    ],
  },
});

function entrypoint(c: PodView['spec']['containers'][number]): string {
  return [...c.command, ...c.args].join(' ');
}

/** IIS images start `C:\ServiceMonitor.exe w3svc` when the pod sets no command. */
function runsServiceMonitor(c: PodView['spec']['containers'][number]): boolean {
  const cmd = entrypoint(c);
  return /ServiceMonitor\.exe/i.test(cmd) || (cmd === '' && /\/iis[:@]/i.test(c.image));
}

/**
 * Windows pods whose entrypoint is a service wrapper (IIS's ServiceMonitor.exe) without LogMonitor:
 * the app logs to ETW, the event log or files, never to stdout, so `kubectl logs` (and Container
 * Insights, which reads the same stream) stay empty. `emptyLogs` names pods (`ns/name`) whose log
 * was read and found empty, which makes the finding a warning rather than a hint.
 */
export function missingLogMonitorFindings(
  pods: readonly PodView[],
  emptyLogs: ReadonlySet<string> = new Set(),
): Finding[] {
  return pods.flatMap((pod) => {
    const key = podKey(pod);
    const container = pod.spec.containers.find(
      (c) => runsServiceMonitor(c) && !/LogMonitor\.exe/i.test(entrypoint(c)),
    );
    if (!container) return [];
    const cmd = entrypoint(container) || 'C:\\ServiceMonitor.exe w3svc (the image default)';
    const empty = emptyLogs.has(key);
    return [
      {
        severity: empty ? 'warning' : 'info',
        title: `Pod ${key} runs ${cmd} without LogMonitor: kubectl logs ${empty ? 'is empty' : 'will stay empty'}`,
        detail:
          "On Windows, kubectl logs returns only the entrypoint's stdout/stderr. ServiceMonitor.exe writes nothing there: IIS logs to ETW and to files under C:\\inetpub\\logs. LogMonitor.exe, used as the entrypoint wrapper, relays event log, ETW and file sources to stdout.",
        subject: `pod/${key}`,
        evidence: [
          {
            source: `Pod/${key} .spec.containers[${container.name}]`,
            text: `image ${container.image}, entrypoint ${cmd}`,
          },
          ...(empty ? [{ source: `log pods/${key}`, text: '(empty)' }] : []),
        ],
        remediation: {
          summary: 'Wrap the entrypoint with LogMonitor',
          steps: [
            `Add LogMonitor to the image (C:\\LogMonitor\\LogMonitor.exe) and start the container with: C:\\LogMonitor\\LogMonitor.exe ${cmd}`,
            `Put a config at C:\\LogMonitor\\LogMonitorConfig.json, e.g. ${LOG_MONITOR_CONFIG_SKETCH}`,
            `Meanwhile, when Container Insights collects the node's logs: triage run container-logs --namespace ${pod.metadata.namespace} --pod ${pod.metadata.name} (KQL over Log Analytics, IIS requests included).`,
            `Or read the logs in the container: kubectl exec -n ${pod.metadata.namespace} ${pod.metadata.name} -- powershell -NoProfile -Command "Get-ChildItem C:\\inetpub\\logs -Recurse -Filter *.log | Sort-Object LastWriteTime | Select-Object -Last 1 | Get-Content -Tail 50"`,
          ],
        },
      },
    ];
  });
}
