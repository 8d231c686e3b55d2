import type { Evidence, Finding } from '@triage/core';
import {
  type EventView,
  eventsOfPod,
  type NodeView,
  type PodView,
  podKey,
  type RuntimeClassView,
} from './kube-views.js';
import { type LogSection, redactLine } from './log-sections.js';
import {
  nodeWindowsBuild,
  releaseOfBuild,
  releaseOfImage,
  WINDOWS_BUILD_LABEL,
  type WindowsRelease,
} from './windows-build.js';

/** hcsshim's error when a process-isolated container's OS build differs from the host's. */
export const OS_MISMATCH_TEXT = 'The container operating system does not match the host operating system';

/** What the OS-mismatch check reads about one Windows node. */
export interface OsMismatchInput {
  node: NodeView;
  /** Pods scheduled on the node. */
  pods: readonly PodView[];
  events: readonly EventView[];
  /** Collected node logs (kubelet, containerd), when a collector ran. */
  sections?: readonly LogSection[];
  runtimeClasses?: readonly RuntimeClassView[];
}

function mismatchLines(sections: readonly LogSection[]): { source: string; line: string }[] {
  return sections.flatMap((s) =>
    s.lines.filter((l) => l.includes(OS_MISMATCH_TEXT)).map((line) => ({ source: s.source, line })),
  );
}

function pinSteps(
  pod: PodView,
  wanted: WindowsRelease | undefined,
  runtimeClasses: readonly RuntimeClassView[],
): string[] {
  if (!wanted)
    return [
      `Find the Windows build the image of ${podKey(pod)} was built on (docker manifest inspect <image>: os.version) and pin the pod to nodes with that build.`,
    ];
  const runtimeClass = runtimeClasses.find(
    (rc) => rc.scheduling.nodeSelector[WINDOWS_BUILD_LABEL] === wanted.build,
  );
  return [
    runtimeClass
      ? `Set runtimeClassName: ${runtimeClass.metadata.name} on the workload (its scheduling pins ${WINDOWS_BUILD_LABEL}=${wanted.build}).`
      : `Add nodeSelector ${WINDOWS_BUILD_LABEL}: "${wanted.build}" to the workload (or a RuntimeClass whose scheduling.nodeSelector says so).`,
    `Or build the image on the node's base (or publish a multi-OS-version manifest list) so it matches every Windows pool it may land on.`,
    'Process isolation needs the container and host builds to match; a matching tag must be pulled again on the right node.',
  ];
}

/**
 * Pods on a Windows node whose image is built for another Windows Server release: seen in
 * FailedCreatePodSandBox events or kubelet/containerd logs (hcsshim's "does not match the host"
 * error), or predicted from the image tag (ltsc2019/ltsc2022) against the node's windows-build.
 */
export function osMismatchFindings(input: OsMismatchInput): Finding[] {
  const nodeBuild = nodeWindowsBuild(input.node);
  const nodeRelease = releaseOfBuild(nodeBuild);
  const logLines = mismatchLines(input.sections ?? []);
  const findings: Finding[] = [];
  for (const pod of input.pods) {
    const key = podKey(pod);
    const events = eventsOfPod(pod, input.events).filter((e) => e.message.includes(OS_MISMATCH_TEXT));
    const ownLines = logLines.filter((l) => l.line.includes(`pod="${key}"`));
    const image = pod.spec.containers.find((c) => {
      const r = releaseOfImage(c.image);
      return r !== undefined && nodeRelease !== undefined && r.build !== nodeRelease.build;
    })?.image;
    const imageRelease = image ? releaseOfImage(image) : undefined;
    const observed = events.length > 0 || ownLines.length > 0;
    if (!observed && !imageRelease) continue;
    const evidence: Evidence[] = [
      ...events.slice(0, 2).map((e) => ({
        source: `Event ${e.type}/${e.reason} ${key}`,
        text: `×${e.count}: ${redactLine(e.message)}`,
        ...(e.lastTimestamp ? { at: e.lastTimestamp } : {}),
      })),
      ...ownLines.slice(0, 2).map((l) => ({ source: `log ${l.source}`, text: redactLine(l.line) })),
      ...(image && imageRelease
        ? [
            {
              source: `Pod/${key} .spec.containers[].image`,
              text: `${image} (${imageRelease.tag}, ${imageRelease.build})`,
            },
          ]
        : []),
      {
        source: `Node/${input.node.metadata.name} .metadata.labels`,
        text: `${WINDOWS_BUILD_LABEL}=${nodeBuild ?? 'unknown'}${nodeRelease ? ` (${nodeRelease.name})` : ''}`,
      },
    ];
    const what = imageRelease
      ? `image ${imageRelease.tag} (${imageRelease.build}) does not match the node's Windows build ${nodeBuild}`
      : `its container OS does not match the node's Windows build ${nodeBuild ?? '(unknown)'}`;
    findings.push({
      severity: observed ? 'critical' : 'warning',
      title: observed
        ? `Pod ${key} cannot start on ${input.node.metadata.name}: ${what}`
        : `Pod ${key} on ${input.node.metadata.name} will not start: ${what}`,
      detail: `Windows containers with process isolation must be built on the host's Windows Server release. ${
        imageRelease
          ? `${imageRelease.name} images need ${imageRelease.build} nodes`
          : 'The image was built for another release'
      }; ${input.node.metadata.name} runs ${nodeRelease?.name ?? `build ${nodeBuild ?? 'unknown'}`}. The pod ${
        pod.spec.runtimeClassName ? `uses RuntimeClass ${pod.spec.runtimeClassName}` : 'has no RuntimeClass'
      } and ${pod.spec.nodeSelector[WINDOWS_BUILD_LABEL] ? 'selects a build' : 'does not select a Windows build'}, so the scheduler placed it on a node of the wrong release.`,
      subject: `pod/${key}`,
      evidence,
      remediation: {
        summary: imageRelease
          ? `Pin the workload to ${imageRelease.name} nodes (${imageRelease.build})`
          : "Pin the workload to nodes of the image's Windows build",
        steps: pinSteps(pod, imageRelease, input.runtimeClasses ?? []),
      },
    });
  }
  return findings;
}
