import type { Evidence, Finding } from '@triage/core';
import { z } from 'zod';
import { type EventView, eventsOfPod, type PodView, podKey } from './kube-views.js';
import { redactLine } from './log-sections.js';
import { isWindowsImage } from './windows-build.js';
import { NO_PLATFORM_MATCH } from './windows-image-on-linux.js';

const OS_LABEL = 'kubernetes.io/os';

/** The placement fields of a Pod (what pins it to an OS, and whether a DaemonSet owns it). */
export const placementSchema = z.object({
  metadata: z
    .object({ ownerReferences: z.array(z.object({ kind: z.string() })).default([]) })
    .default({ ownerReferences: [] }),
  spec: z.object({ affinity: z.unknown().optional() }).default({}),
});
export type Placement = z.infer<typeof placementSchema>;

/** True when the pod says which OS it needs: an OS nodeSelector, a RuntimeClass, or an OS node affinity. */
export function selectsOs(pod: PodView, placement: Placement): boolean {
  return (
    pod.spec.nodeSelector[OS_LABEL] !== undefined ||
    pod.spec.runtimeClassName !== undefined ||
    JSON.stringify(placement.spec.affinity ?? {}).includes(OS_LABEL)
  );
}

/** True for a Linux workload pod that may be scheduled anywhere (not a DaemonSet's, not finished, no Windows image). */
export function isUnpinnedLinuxPod(pod: PodView, placement: Placement): boolean {
  return (
    !selectsOs(pod, placement) &&
    !placement.metadata.ownerReferences.some((o) => o.kind === 'DaemonSet') &&
    pod.status.phase !== 'Succeeded' &&
    pod.status.phase !== 'Failed' &&
    !pod.spec.containers.some((c) => isWindowsImage(c.image))
  );
}

/** Windows pods on a Windows node that do not say they need Windows: they are there by chance. */
export function noOsSelectorFinding(node: string, pod: PodView, placement: Placement): Finding | undefined {
  if (selectsOs(pod, placement) || placement.metadata.ownerReferences.some((o) => o.kind === 'DaemonSet'))
    return undefined;
  if (!pod.spec.containers.some((c) => isWindowsImage(c.image))) return undefined;
  const key = podKey(pod);
  return {
    severity: 'warning',
    title: `Windows pod ${key} has no ${OS_LABEL} nodeSelector or RuntimeClass: it runs on ${node} by chance and may land on a Linux node next time`,
    detail:
      'Nothing in the pod tells the scheduler it needs Windows. After a reschedule (eviction, rollout, node upgrade) it can be placed on a Linux node, where its image cannot be pulled.',
    subject: `pod/${key}`,
    evidence: [
      { source: `Pod/${key} .spec.nodeSelector`, text: JSON.stringify(pod.spec.nodeSelector) },
      {
        source: `Pod/${key} .spec.containers[].image`,
        text: pod.spec.containers.map((c) => c.image).join(', '),
      },
    ],
    remediation: {
      summary: 'Pin the workload to Windows nodes',
      steps: [
        `Add nodeSelector ${OS_LABEL}: windows (and node.kubernetes.io/windows-build for the image's release) to the pod template, or a RuntimeClass whose scheduling does.`,
      ],
    },
  };
}

/** A Linux image on a Windows node whose pull fails for lack of a Windows manifest. */
export function linuxPodOnWindowsFinding(
  node: string,
  pod: PodView,
  events: readonly EventView[],
): Finding | undefined {
  if (pod.spec.containers.length === 0 || pod.spec.containers.some((c) => isWindowsImage(c.image)))
    return undefined;
  const key = podKey(pod);
  const pullEvents = eventsOfPod(pod, events).filter((e) => NO_PLATFORM_MATCH.test(e.message));
  const waiting = pod.status.containerStatuses
    .map((s) => s.state.waiting)
    .find((w) => w?.reason === 'ImagePullBackOff' || w?.reason === 'ErrImagePull');
  if (pullEvents.length === 0 && !waiting) return undefined;
  const evidence: Evidence[] = [
    ...pullEvents.slice(0, 2).map((e) => ({
      source: `Event ${e.type}/${e.reason} ${key}`,
      text: `×${e.count}: ${redactLine(e.message)}`,
    })),
    ...(waiting
      ? [{ source: `Pod/${key} .status.containerStatuses`, text: `waiting: ${waiting.reason}` }]
      : []),
    {
      source: `Pod/${key} .spec.containers[].image`,
      text: pod.spec.containers.map((c) => c.image).join(', '),
    },
    { source: `Node/${node} .metadata.labels`, text: `${OS_LABEL}=windows` },
  ];
  return {
    severity: 'critical',
    title: `Linux pod ${key} landed on Windows node ${node} and cannot pull its image`,
    detail:
      'The image has no windows/amd64 manifest, so containerd on the Windows node cannot pull it; the pod stays in ImagePullBackOff. The pod does not select an OS and the node does not repel it.',
    subject: `pod/${key}`,
    evidence,
    remediation: {
      summary: 'Keep Linux pods off Windows nodes',
      steps: [
        `Add nodeSelector ${OS_LABEL}: linux to the workload, then delete the pod so it is rescheduled.`,
        'Taint the Windows pools (os=windows:NoSchedule) so pods without the toleration stay off.',
      ],
    },
  };
}
