import type { Evidence, Finding } from '@triage/core';
import { composeFindings } from './compose-findings.js';
import type { DescribeContext } from './describe-context.js';
import type { PodView } from './kube-shapes.js';
import { missingSubjectFinding } from './missing-subject.js';
import { eventsAbout } from './object-events.js';
import { podsFinding } from './pod-summary.js';
import { eventsFinding } from './rank-events.js';
import { type ServicePort, unmatchedTargetPorts } from './service-ports.js';

interface ServiceView {
  metadata: { name: string; namespace?: string };
  spec?: { type?: string; selector?: Record<string, string>; ports?: ServicePort[]; externalName?: string };
}

interface EndpointAddress {
  ip: string;
  targetRef?: { kind?: string; name?: string };
}

interface EndpointsView {
  subsets?: { addresses?: EndpointAddress[]; notReadyAddresses?: EndpointAddress[] }[];
}

function addressText(address: EndpointAddress): string {
  return address.targetRef?.name ? `${address.targetRef.name} (${address.ip})` : address.ip;
}

function endpointsFinding(
  dc: DescribeContext,
  label: string,
  endpoints: EndpointsView | undefined,
  pods: number,
) {
  const ready = (endpoints?.subsets ?? []).flatMap((s) => s.addresses ?? []);
  const notReady = (endpoints?.subsets ?? []).flatMap((s) => s.notReadyAddresses ?? []);
  const evidence: Evidence = {
    source: `Endpoints/${label}`,
    text: `ready: ${ready.map(addressText).join(', ') || 'none'}; not ready: ${notReady.map(addressText).join(', ') || 'none'}`,
  };
  if (ready.length === 0) {
    return {
      evidence,
      finding: {
        severity: 'critical',
        title: `Service ${label} has no ready endpoints`,
        detail: `${pods} pods are selected and ${notReady.length} endpoints are not ready: connections to the Service fail.`,
        subject: dc.key,
        evidence: [evidence],
      } satisfies Finding,
    };
  }
  if (notReady.length > 0) {
    return {
      evidence,
      finding: {
        severity: 'warning',
        title: `Service ${label}: ${notReady.length} of ${ready.length + notReady.length} endpoints not ready`,
        detail: 'Traffic only goes to the ready endpoints.',
        subject: dc.key,
        evidence: [evidence],
      } satisfies Finding,
    };
  }
  return { evidence, finding: undefined };
}

/** A Service: selector, endpoints, ports against the selected pods' containerPorts, events. */
export async function describeService(
  dc: DescribeContext,
  namespace: string,
  name: string,
): Promise<Finding[]> {
  const label = `${namespace}/${name}`;
  const service = (await dc.kube.get('services', name, namespace)) as ServiceView | undefined;
  if (!service) return [await missingSubjectFinding(dc, { kind: 'Service', name, namespace })];
  if (service.spec?.type === 'ExternalName') {
    return [
      {
        severity: 'ok',
        title: `Service ${label} is an ExternalName for ${service.spec.externalName ?? '(unset)'}`,
        detail: 'ExternalName services have no endpoints or pods to check.',
        subject: dc.key,
        evidence: [],
      },
    ];
  }
  const selectorEntries = Object.entries(service.spec?.selector ?? {});
  const selector = selectorEntries.map(([k, v]) => `${k}=${v}`).join(',');
  dc.signal.throwIfAborted();
  const pods = selector
    ? ((await dc.kube.list('pods', { namespace, labelSelector: selector })) as PodView[])
    : [];
  dc.signal.throwIfAborted();
  const endpoints = (await dc.kube.get('endpoints', name, namespace)) as EndpointsView | undefined;
  dc.signal.throwIfAborted();
  const events = await eventsAbout(dc.kube, { kind: 'Service', name, namespace });

  const selectorEvidence = {
    source: `Service/${label} .spec.selector`,
    text: selector || '(none: endpoints managed by hand)',
  };
  const noPods: Finding | undefined =
    selector && pods.length === 0
      ? {
          severity: 'critical',
          title: `Service ${label} selects no pods`,
          detail: `No pod in ${namespace} has the labels ${selector}.`,
          subject: dc.key,
          evidence: [selectorEvidence],
          remediation: {
            summary: 'Make the selector match the pod labels.',
            steps: [`kubectl get pods -n ${namespace} --show-labels`],
          },
        }
      : undefined;
  const { evidence: endpointEvidence, finding: endpointProblem } = endpointsFinding(
    dc,
    label,
    endpoints,
    pods.length,
  );
  const mismatches = pods.length > 0 ? unmatchedTargetPorts(label, service.spec?.ports ?? [], pods) : [];
  const portFinding: Finding | undefined =
    mismatches.length > 0
      ? {
          severity: 'warning',
          title: `Service ${label}: targetPort not exposed by its pods`,
          detail:
            'A targetPort no container declares often means nothing listens there (connection refused).',
          subject: dc.key,
          evidence: mismatches,
        }
      : undefined;
  return composeFindings({
    problems: [
      noPods,
      noPods ? undefined : endpointProblem,
      portFinding,
      podsFinding(dc.key, `of Service ${label}`, pods, dc.now, dc.maxEvents),
    ],
    healthy: {
      severity: 'ok',
      title: `Service ${label} has ready endpoints`,
      detail: `${pods.length} selected pods, all ready; target ports declared.`,
      subject: dc.key,
      evidence: [selectorEvidence, endpointEvidence],
    },
    context: [
      {
        severity: 'info',
        title: `Service ${label}: selector and endpoints`,
        detail: `${pods.length} pods selected.`,
        subject: dc.key,
        evidence: [selectorEvidence, endpointEvidence],
      },
    ],
    events: eventsFinding(dc.key, events, dc.now, dc.maxEvents),
  });
}
