import { randomBytes } from 'node:crypto';
import type { DiagnosticPodSpec, KubeObject } from '@triage/core';

/** Labels every diagnostic pod carries; the janitor finds leftovers by the first one. */
export const diagnosticPodLabels = {
  managedBy: 'app.kubernetes.io/managed-by',
  purpose: 'triage.dev/purpose',
  /** Creation time in Unix seconds (label values cannot hold an RFC 3339 time's colons). */
  createdAt: 'triage.dev/created-at',
  /** Who asked (`signal.requestedBy`), as a label value; the annotation of the same key keeps it verbatim. */
  requestedBy: 'triage.dev/requested-by',
} as const;

/** The owner label selector: `app.kubernetes.io/managed-by=triage`. */
export const diagnosticPodSelector = `${diagnosticPodLabels.managedBy}=triage`;

/** Name of the single container in every diagnostic pod. */
export const diagnosticContainer = 'diag';

/**
 * Host paths the Linux flavour mounts for Inspektor Gadget's `ig`: the host root at /host (ig reads
 * /host/proc and the runtimes' state through HOST_ROOT, as its container instructions mount `/:/host`),
 * /run for the container runtime sockets, debugfs/tracefs and bpffs for the eBPF programs.
 */
const linuxHostMounts = [
  { name: 'host', hostPath: '/', mountPath: '/host', readOnly: true },
  { name: 'run', hostPath: '/run', mountPath: '/run', readOnly: false },
  { name: 'debugfs', hostPath: '/sys/kernel/debug', mountPath: '/sys/kernel/debug', readOnly: false },
  { name: 'bpffs', hostPath: '/sys/fs/bpf', mountPath: '/sys/fs/bpf', readOnly: false },
] as const;

/** A pod name `triage-<purpose>-<random>` (DNS-1123, at most 63 characters). */
export function diagnosticPodName(purpose: string, random = randomBytes(4).toString('hex')): string {
  const slug = purpose
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `triage-${slug || 'diag'}-${random}`;
}

/** A label value from free text: alphanumerics, `-`, `_`, `.`, at most 63, alphanumeric at both ends. */
function labelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/**
 * The Pod a diagnostic run creates: pinned to `spec.node` (no scheduler), tolerating every taint,
 * `restartPolicy: Never`, `activeDeadlineSeconds` from the spec, owner labels. Pure: the name and
 * the time come in.
 */
export function diagnosticPodManifest(
  spec: Omit<DiagnosticPodSpec, 'signal'>,
  where: { namespace: string; name: string; now: Date },
): KubeObject {
  const labels = {
    [diagnosticPodLabels.managedBy]: 'triage',
    [diagnosticPodLabels.purpose]: labelValue(spec.purpose) || 'diag',
    [diagnosticPodLabels.createdAt]: String(Math.floor(where.now.getTime() / 1000)),
    ...(spec.requestedBy && { [diagnosticPodLabels.requestedBy]: labelValue(spec.requestedBy) }),
  };
  // The audit trail: label values cannot hold `@` or spaces, the annotation keeps who asked as given.
  const annotations = spec.requestedBy
    ? { [diagnosticPodLabels.requestedBy]: spec.requestedBy.slice(0, 256) }
    : undefined;
  const common = {
    nodeName: spec.node,
    restartPolicy: 'Never',
    activeDeadlineSeconds: spec.deadlineSeconds,
    terminationGracePeriodSeconds: 5,
    automountServiceAccountToken: false,
    tolerations: [{ operator: 'Exists' }],
  };
  const flavour = spec.os === 'windows' ? windowsFlavour(spec) : linuxFlavour(spec);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: where.name, namespace: where.namespace, labels, ...(annotations && { annotations }) },
    spec: { ...common, ...flavour },
  };
}

function linuxFlavour(spec: Omit<DiagnosticPodSpec, 'signal'>) {
  return {
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    hostPID: true,
    hostNetwork: true,
    dnsPolicy: 'ClusterFirstWithHostNet',
    containers: [
      {
        name: diagnosticContainer,
        image: spec.image,
        command: spec.command,
        env: [{ name: 'HOST_ROOT', value: '/host' }],
        securityContext: { privileged: true },
        volumeMounts: linuxHostMounts.map(({ name, mountPath, readOnly }) => ({ name, mountPath, readOnly })),
      },
    ],
    volumes: linuxHostMounts.map(({ name, hostPath }) => ({ name, hostPath: { path: hostPath } })),
  };
}

/** HostProcess: runs as SYSTEM on the host (protocols §4.1: hostNetwork required, privileged PSA only). */
function windowsFlavour(spec: Omit<DiagnosticPodSpec, 'signal'>) {
  return {
    nodeSelector: { 'kubernetes.io/os': 'windows' },
    hostNetwork: true,
    securityContext: {
      windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' },
    },
    containers: [{ name: diagnosticContainer, image: spec.image, command: spec.command }],
  };
}
