import type { Evidence } from '@triage/core';
import type { PodView } from './kube-shapes.js';

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
}

/**
 * Service ports whose targetPort no selected pod's container declares. A named targetPort that
 * no container names gets no endpoints; an undeclared number may still be served, but is the
 * usual cause of "connection refused", so it is worth a look.
 */
export function unmatchedTargetPorts(
  serviceName: string,
  ports: readonly ServicePort[],
  pods: readonly PodView[],
) {
  const containerPorts = pods.flatMap((pod) => (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []));
  const mismatches: Evidence[] = [];
  for (const port of ports) {
    const target = port.targetPort ?? port.port;
    const declared =
      typeof target === 'string'
        ? containerPorts.some((p) => p.name === target)
        : containerPorts.some((p) => p.containerPort === target);
    if (!declared) {
      const declaredList = [
        ...new Set(containerPorts.map((p) => `${p.containerPort}${p.name ? `/${p.name}` : ''}`)),
      ];
      mismatches.push({
        source: `Service/${serviceName} .spec.ports[${port.name ?? port.port}]`,
        text: `targetPort ${target} (port ${port.port}) is declared by no selected container; containers declare: ${declaredList.join(', ') || 'no ports'}`,
      });
    }
  }
  return mismatches;
}
