import type { Evidence, Finding } from '@triage/core';
import { formatBytes } from '@triage/core';
import { windowsChecks } from '@triage/playbook-windows-logs';
import type { NodeHealth } from './node-health.js';

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

/**
 * windows-logs' Windows checks for this node and its pods (build mismatch, Linux pods on a Windows
 * node, Windows pods on a Linux one, no OS selector, no taint, no LogMonitor, windows_exporter, memory
 * reserve); the node's own findings carry its Windows and AKS facts too.
 */
export function windowsFindings(h: NodeHealth): Finding[] {
  if (!h.windowsObjects) return [];
  return windowsChecks(h.windowsObjects).map((f) =>
    f.subject === `node/${h.name}` ? { ...f, evidence: [...f.evidence, ...nodeFactsEvidence(h)] } : f,
  );
}
