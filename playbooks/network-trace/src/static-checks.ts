import type { Finding, KubeObject, KubeReader } from '@triage/core';
import {
  containerPorts,
  isPodReady,
  matchesSelector,
  refOf,
  servicePorts,
  serviceSelector,
  sliceEndpoints,
} from './kube-views.js';
import { ingressVerdict, resolveTarget } from './network-policies.js';
import { describeContainerPort, portMismatches, targetPortFix } from './service-ports.js';

/** A Service with the pods its selector picks and its EndpointSlices. */
export interface ServiceObjects {
  service: KubeObject;
  pods: KubeObject[];
  slices: KubeObject[];
  /** NetworkPolicies in the Service's namespace; undefined when they could not be read. */
  policies?: KubeObject[];
}

/** Reads a Service, its selected pods and EndpointSlices; undefined when the Service does not exist. */
export async function fetchServiceObjects(
  kube: KubeReader,
  namespace: string,
  name: string,
): Promise<ServiceObjects | undefined> {
  const service = await kube.get('services', name, namespace);
  if (!service) return undefined;
  const selector = serviceSelector(service);
  const [pods, slices] = await Promise.all([
    selector
      ? kube.list('pods', {
          namespace,
          labelSelector: Object.entries(selector)
            .map(([k, v]) => `${k}=${v}`)
            .join(','),
          max: 500,
        })
      : Promise.resolve([]),
    kube.list('endpointslices', { namespace, labelSelector: `kubernetes.io/service-name=${name}`, max: 50 }),
  ]);
  // Not served (404) or not allowed (403): the policy check is skipped, the others still run.
  const policies = await kube.list('networkpolicies', { namespace, max: 500 }).catch(() => undefined);
  // The label selector already filtered; the check guards a server that ignored it.
  return {
    service,
    pods: selector ? pods.filter((p) => matchesSelector(p.metadata.labels, selector)) : [],
    slices,
    ...(policies && { policies }),
  };
}

/**
 * Checks that need no trace: selector matching no pods, no ready endpoints, targetPorts (numeric or
 * named) that no containerPort declares.
 */
export function staticServiceFindings({ service, pods, slices, policies }: ServiceObjects): Finding[] {
  const ref = refOf(service);
  const name = service.metadata.name;
  const subject = `service/${ref}`;
  const findings: Finding[] = [];
  const selector = serviceSelector(service);
  if (selector && pods.length === 0)
    findings.push({
      severity: 'critical',
      title: `Service ${name} selects no pods`,
      detail: `No pod in namespace ${service.metadata.namespace} has the labels ${JSON.stringify(selector)}, so the Service has no endpoints and connections to it fail.`,
      subject,
      evidence: [{ source: `Service/${ref} .spec.selector`, text: JSON.stringify(selector) }],
      remediation: {
        summary: 'Make the selector match the pods’ labels',
        steps: [
          `kubectl -n ${service.metadata.namespace} get pods --show-labels`,
          `kubectl -n ${service.metadata.namespace} edit service ${name}`,
        ],
      },
    });
  const endpoints = slices.flatMap(sliceEndpoints);
  const ready = endpoints.filter((e) => e.ready);
  if (pods.length > 0 && ready.length === 0)
    findings.push({
      severity: 'critical',
      title: `Service ${name} has no ready endpoints (${endpoints.length} not ready)`,
      detail: 'Its pods exist but none is ready: readiness probes fail or the pods are not running.',
      subject,
      evidence: slices.map((s) => ({
        source: `EndpointSlice/${refOf(s)}`,
        text: `${sliceEndpoints(s).length} endpoints, none ready`,
      })),
    });
  const unready = pods.filter((p) => !isPodReady(p));
  if (unready.length > 0 && ready.length > 0)
    findings.push({
      severity: 'warning',
      title: `${unready.length} of ${pods.length} pods of Service ${name} not ready`,
      detail:
        'Pods that are not ready receive no traffic through the Service: a failing readiness probe or a pod still starting.',
      subject,
      evidence: unready
        .slice(0, 5)
        .map((p) => ({ source: `Pod/${refOf(p)} .status.conditions[Ready]`, text: 'not Ready' })),
      remediation: {
        summary: 'See why the readiness probe fails',
        steps: unready
          .slice(0, 3)
          .map((p) => `kubectl -n ${p.metadata.namespace} describe pod ${p.metadata.name}`),
      },
    });
  findings.push(...policyFindings(service, pods, policies ?? []));
  for (const m of portMismatches(service, pods)) {
    const fix = targetPortFix(m);
    const listens = m.likely
      ? describeContainerPort(m.likely)
      : m.declared.map(describeContainerPort).join(', ');
    findings.push({
      severity: 'warning',
      title: `Service ${name} targetPort ${m.target} matches no containerPort: its pods listen on ${listens}`,
      detail: `Port ${m.port.port} forwards to ${m.target}, which none of the ${pods.length} selected pods declares. Unless the application listens on an undeclared port, connections through the Service are refused.`,
      subject,
      evidence: [
        {
          source: `Service/${ref} .spec.ports[${m.port.index}]`,
          text: `port ${m.port.port} → targetPort ${m.port.targetPort ?? m.port.port}`,
        },
        {
          source: `Pod/${refOf(pods[0] as KubeObject)} .spec.containers[*].ports`,
          text: m.declared.map(describeContainerPort).join(', '),
        },
      ],
      ...(fix && { remediation: { summary: `Set targetPort: ${fix.value}`, steps: [fix.command] } }),
    });
  }
  return findings;
}

/** NetworkPolicies that isolate the Service's pods and open none of its target ports to anyone. */
function policyFindings(service: KubeObject, pods: KubeObject[], policies: KubeObject[]): Finding[] {
  const [pod] = pods;
  if (!pod || policies.length === 0) return [];
  const declared = containerPorts(pod);
  return servicePorts(service).flatMap((port) => {
    const target = resolveTarget(port.targetPort ?? port.port, declared, port.protocol);
    if (!target) return [];
    const verdict = ingressVerdict(policies, pod, target);
    if (!verdict.blocked) return [];
    const names = verdict.selecting.map((p) => p.metadata.name);
    const ns = service.metadata.namespace;
    const finding: Finding = {
      severity: 'critical',
      title: `NetworkPolicy ${names.join(', ')} blocks ingress to Service ${service.metadata.name}'s pods on port ${target.port}`,
      detail: `The pods are selected for ingress by ${names.length === 1 ? 'this policy' : 'these policies'}, and no ingress rule opens port ${target.port}/${target.protocol}${target.name ? ` ('${target.name}')` : ''}: every connection through the Service is dropped (clients time out).`,
      subject: `service/${refOf(service)}`,
      evidence: verdict.selecting.map((p) => ({
        source: `NetworkPolicy/${refOf(p)} .spec`,
        text: JSON.stringify({
          podSelector: (p.spec as { podSelector?: unknown }).podSelector,
          ingress: (p.spec as { ingress?: unknown }).ingress ?? [],
        }),
      })),
      remediation: {
        summary: `Open port ${target.port} in a NetworkPolicy that selects the pods`,
        steps: [
          `kubectl -n ${ns} get networkpolicy ${names.join(' ')} -o yaml`,
          `add an ingress rule with ports: [{ port: ${target.name || target.port} }] and the clients in from:`,
        ],
      },
    };
    return [finding];
  });
}
