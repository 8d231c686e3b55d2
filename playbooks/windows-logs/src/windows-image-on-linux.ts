import type { Evidence, Finding } from '@triage/core';
import { type EventView, eventsOfPod, type NodeView, type PodView, podKey } from './kube-views.js';
import { redactLine } from './log-sections.js';
import { isWindowsImage, nodeOs } from './windows-build.js';

/** containerd's (and Docker's) answer when an image has no manifest for the node's OS/arch. */
export const NO_PLATFORM_MATCH = /no match(ing manifest)? for platform in (the )?manifest/i;

/**
 * Windows images on a Linux node: the pod lacks a `kubernetes.io/os: windows` nodeSelector (or
 * RuntimeClass), landed on Linux and cannot pull — containerd's "no match for platform in
 * manifest", ImagePullBackOff. One finding per such pod.
 */
export function windowsImageOnLinuxFindings(input: {
  node: NodeView;
  pods: readonly PodView[];
  events: readonly EventView[];
}): Finding[] {
  if (nodeOs(input.node) !== 'linux') return [];
  const node = input.node.metadata.name;
  const findings: Finding[] = [];
  for (const pod of input.pods) {
    const key = podKey(pod);
    const pullEvents = eventsOfPod(pod, input.events).filter((e) => NO_PLATFORM_MATCH.test(e.message));
    const image = pod.spec.containers.find((c) => isWindowsImage(c.image))?.image;
    if (!image && pullEvents.length === 0) continue;
    const waiting = pod.status.containerStatuses
      .map((s) => s.state.waiting)
      .find((w) => w?.reason === 'ImagePullBackOff' || w?.reason === 'ErrImagePull');
    const selector = pod.spec.nodeSelector['kubernetes.io/os'];
    const evidence: Evidence[] = [
      ...pullEvents.slice(0, 2).map((e) => ({
        source: `Event ${e.type}/${e.reason} ${key}`,
        text: `×${e.count}: ${redactLine(e.message)}`,
        ...(e.lastTimestamp ? { at: e.lastTimestamp } : {}),
      })),
      ...(waiting
        ? [{ source: `Pod/${key} .status.containerStatuses`, text: `waiting: ${waiting.reason}` }]
        : []),
      ...(image ? [{ source: `Pod/${key} .spec.containers[].image`, text: image }] : []),
      {
        source: `Pod/${key} .spec.nodeSelector`,
        text: selector ? `kubernetes.io/os=${selector}` : 'no kubernetes.io/os nodeSelector',
      },
      { source: `Node/${node} .metadata.labels`, text: 'kubernetes.io/os=linux' },
    ];
    findings.push({
      severity: pullEvents.length > 0 || waiting ? 'critical' : 'warning',
      title: `Windows pod ${key} landed on Linux node ${node}${pullEvents.length > 0 || waiting ? ' and cannot pull its image' : ''}`,
      detail: `${image ?? 'The image'} is a Windows image, but ${
        selector
          ? `the pod selects kubernetes.io/os=${selector}`
          : 'the pod has no kubernetes.io/os nodeSelector'
      }, so the scheduler may place it on any node. On Linux, containerd finds no manifest for linux/amd64 in the image index and the pull fails for ever.`,
      subject: `pod/${key}`,
      evidence,
      remediation: {
        summary: 'Schedule the workload on Windows nodes only',
        steps: [
          'Add nodeSelector kubernetes.io/os: windows to the pod template (or a RuntimeClass whose scheduling says so, which also pins the Windows build).',
          'Taint the Windows pools (e.g. os=windows:NoSchedule) and give Windows workloads the toleration, so Linux pods cannot land there either.',
        ],
      },
    });
  }
  return findings;
}
