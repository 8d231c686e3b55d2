import type { Evidence, Finding } from '@triage/core';
import type { NodeHealth } from './node-health.js';
import { formatBytes } from './parse-quantity.js';
import { WINDOWS_MIN_RESERVE_BYTES, type WindowsFacts } from './windows-node.js';

/** The Windows and AKS facts of the node as evidence lines. */
export function nodeFactsEvidence(h: NodeHealth): Evidence[] {
  const facts: Evidence[] = [];
  const w = h.windows;
  if (w)
    facts.push({
      source: `Node/${h.name} .status.nodeInfo`,
      text: `${w.osImage ?? 'Windows'} build ${w.build ?? 'unknown'} (kernel ${w.kernelVersion ?? '?'}), kubelet ${w.kubeletVersion ?? '?'}, ${w.containerRuntimeVersion ?? 'runtime unknown'}, system memory reserve ${w.memoryReserve === undefined ? 'unknown' : formatBytes(w.memoryReserve)}`,
    });
  if (h.aks)
    facts.push({
      source: `Node/${h.name} .metadata.labels`,
      text: `AKS agent pool ${h.aks.agentPool ?? 'unknown'}, node image ${h.aks.nodeImageVersion ?? 'unknown'}`,
    });
  return facts;
}

function reserveFinding(h: NodeHealth, w: WindowsFacts): Finding | undefined {
  if (w.memoryReserve === undefined || w.memoryReserve >= WINDOWS_MIN_RESERVE_BYTES) return undefined;
  return {
    severity: 'warning',
    title: `Windows node ${h.name} keeps only ${formatBytes(w.memoryReserve)} of memory for the system (guidance: at least 2Gi)`,
    detail:
      'Windows has no kubelet memory-pressure eviction: when pods use what the OS needs, the node slows down or goes NotReady instead of evicting. AKS keeps about 2 GiB back on Windows nodes for that reason.',
    subject: `node/${h.name}`,
    evidence: nodeFactsEvidence(h),
    remediation: {
      summary: 'Reserve more memory for the Windows host',
      steps: [
        'Set kubelet --system-reserved / --kube-reserved memory so capacity − allocatable is at least 2Gi (AKS: use a current node image, which sets it).',
        'Set memory limits on every Windows pod so they cannot take the host’s share.',
      ],
    },
  };
}

function exporterFinding(h: NodeHealth, w: WindowsFacts): Finding | undefined {
  if (w.exporterPod) return undefined;
  return {
    severity: 'warning',
    title: `No windows_exporter runs on Windows node ${h.name}: its memory, disk and service metrics are not scraped`,
    detail:
      'Without windows_exporter, Windows node alerts (memory, disk space, service state) cannot fire for this node.',
    subject: `node/${h.name}`,
    evidence: [
      { source: `Pods on node ${h.name}`, text: `${h.pods.total} pods, none of them windows-exporter` },
      ...nodeFactsEvidence(h),
    ],
    remediation: {
      summary: 'Run the windows_exporter DaemonSet on this node too',
      steps: [
        'kubectl get daemonsets -A -o wide | grep -i windows-exporter   # compare its NODE SELECTOR and tolerations with this node',
        `kubectl get node ${h.name} --show-labels`,
      ],
    },
  };
}

/** Windows-only findings: a too-small system memory reserve and a missing windows_exporter. */
export function windowsFindings(h: NodeHealth): Finding[] {
  const w = h.windows;
  if (!w) return [];
  return [reserveFinding(h, w), exporterFinding(h, w)].filter((f): f is Finding => f !== undefined);
}
