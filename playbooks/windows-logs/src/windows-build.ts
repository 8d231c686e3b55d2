import type { NodeView } from './kube-views.js';

/** Windows Server LTSC releases by build (`node.kubernetes.io/windows-build`) and image tag. */
export const WINDOWS_RELEASES = [
  { build: '10.0.17763', tag: 'ltsc2019', name: 'Windows Server 2019', aliases: ['1809'] },
  { build: '10.0.20348', tag: 'ltsc2022', name: 'Windows Server 2022', aliases: [] },
  { build: '10.0.26100', tag: 'ltsc2025', name: 'Windows Server 2025', aliases: ['24h2'] },
] as const;

export type WindowsRelease = (typeof WINDOWS_RELEASES)[number];

/** The label AKS and upstream set on Windows nodes with the OS build (major.minor.build). */
export const WINDOWS_BUILD_LABEL = 'node.kubernetes.io/windows-build';

/** The release a build number (`10.0.17763` or `10.0.17763.6893`) belongs to. */
export function releaseOfBuild(build: string | undefined): WindowsRelease | undefined {
  if (!build) return undefined;
  const base = build.split('.').slice(0, 3).join('.');
  return WINDOWS_RELEASES.find((r) => r.build === base);
}

/**
 * The Windows release an image reference names in its tag (`…:4.8.1-windowsservercore-ltsc2022`,
 * `…:1809`); undefined for tags that do not say (`latest`, digests), which then cannot be checked.
 */
export function releaseOfImage(image: string): WindowsRelease | undefined {
  const tag = image.includes('@') ? '' : (image.split('/').pop()?.split(':')[1] ?? '').toLowerCase();
  return WINDOWS_RELEASES.find(
    (r) =>
      tag.includes(r.tag) ||
      tag.includes(r.build) ||
      r.aliases.some((a) => new RegExp(`(^|[-_.])${a}($|[-_.])`).test(tag)),
  );
}

/** True when the image looks like a Windows image (a Windows base image or a Windows release tag). */
export function isWindowsImage(image: string): boolean {
  return (
    releaseOfImage(image) !== undefined ||
    /(^|\/)windows\/|windowsservercore|nanoserver|servercore/i.test(image)
  );
}

/** The node's OS from the `kubernetes.io/os` label. */
export function nodeOs(node: NodeView): string | undefined {
  return node.metadata.labels['kubernetes.io/os'] ?? node.metadata.labels['beta.kubernetes.io/os'];
}

/** The node's Windows build: the label, else the kernel version Windows kubelets report. */
export function nodeWindowsBuild(node: NodeView): string | undefined {
  const label = node.metadata.labels[WINDOWS_BUILD_LABEL];
  if (label) return label;
  const kernel = node.status.nodeInfo.kernelVersion;
  return kernel && /^10\.0\.\d+/.test(kernel) ? kernel.split('.').slice(0, 3).join('.') : undefined;
}
