import type { DiagnosticImages } from '@triage/core';

/** The gadgets this playbook runs. */
export type Gadget = 'trace_tcp' | 'trace_dns';

/** Seconds a trace pod may take beyond the trace itself (image pull, gadget image pull, start). */
export const TRACE_POD_SLACK_SECONDS = 45;

/**
 * argv of `ig run <gadget image> --filter k8s.namespace==<ns>,k8s.podName==<pod> --timeout <s> -o json`
 * (protocols §3.1: one JSON object per line). Without `pod` the gadget sees a whole namespace on the
 * node, e.g. the CoreDNS pods; without `namespace` either, every pod on the node (a Service's clients).
 *
 * @example igCommand(images, 'trace_tcp', { namespace: 'shop', pod: 'web-1' }, 15, ['--connect-only'])
 */
export function igCommand(
  images: DiagnosticImages,
  gadget: Gadget,
  filter: { namespace?: string; pod?: string },
  durationSeconds: number,
  extraFlags: readonly string[] = [],
): string[] {
  const fields = [
    ...(filter.namespace ? [`k8s.namespace==${filter.namespace}`] : []),
    ...(filter.pod ? [`k8s.podName==${filter.pod}`] : []),
  ];
  return [
    'ig',
    'run',
    `${images.gadgetRepository}/${gadget}:${images.gadgetTag}`,
    ...extraFlags,
    ...(fields.length ? ['--filter', fields.join(',')] : []),
    '--timeout',
    String(durationSeconds),
    '-o',
    'json',
  ];
}
