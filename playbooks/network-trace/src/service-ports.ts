import type { KubeObject } from '@triage/core';
import { type ContainerPortView, containerPorts, type ServicePortView, servicePorts } from './kube-views.js';

/** A Service port whose targetPort no selected pod declares. */
export interface PortMismatch {
  service: KubeObject;
  port: ServicePortView;
  /** The targetPort as written, or the port when targetPort is absent. */
  target: number | string;
  /** What the pods declare instead (deduplicated by container, port and name). */
  declared: ContainerPortView[];
  /** The declared port the Service most likely meant: same name as the Service port, else the only one. */
  likely: ContainerPortView | undefined;
}

/**
 * Service ports whose targetPort (numeric or named) matches no containerPort of the selected pods.
 * Pods that declare no ports at all say nothing (ports are informational), so they are skipped.
 */
export function portMismatches(service: KubeObject, pods: readonly KubeObject[]): PortMismatch[] {
  const declared = dedupe(pods.flatMap(containerPorts));
  if (declared.length === 0) return [];
  return servicePorts(service).flatMap((port) => {
    const target = port.targetPort ?? port.port;
    const sameProtocol = declared.filter((d) => d.protocol === port.protocol);
    const found =
      typeof target === 'string'
        ? sameProtocol.some((d) => d.name === target)
        : sameProtocol.some((d) => d.containerPort === target);
    if (found) return [];
    const likely =
      sameProtocol.find((d) => d.name !== '' && d.name === port.name) ??
      (sameProtocol.length === 1 ? sameProtocol[0] : undefined);
    return [{ service, port, target, declared: sameProtocol.length ? sameProtocol : declared, likely }];
  });
}

function dedupe(ports: ContainerPortView[]): ContainerPortView[] {
  const seen = new Map<string, ContainerPortView>();
  for (const p of ports) seen.set(`${p.container}|${p.containerPort}|${p.name}|${p.protocol}`, p);
  return [...seen.values()];
}

/** `3000 (containerPort 'http')` or `3000`. */
export function describeContainerPort(p: ContainerPortView): string {
  return p.name ? `${p.containerPort} (containerPort '${p.name}')` : `${p.containerPort}`;
}

/** A targetPort fix: the JSON patch, the kubectl command that sends it, and what it does in words. */
export interface TargetPortFix {
  patch: unknown[];
  command: string;
  value: string | number;
  /** `Set Service shop/api targetPort 8080 → http (3000)` (the container port in brackets); names the port when the Service has several. */
  summary: string;
}

/**
 * The fix for a mismatch as a JSON patch and the kubectl command: point targetPort at the named
 * container port when it has a name (survives the next port change), else at its number.
 */
export function targetPortFix(m: PortMismatch): TargetPortFix | undefined {
  if (!m.likely) return undefined;
  const value = m.likely.name || m.likely.containerPort;
  const patch = [{ op: 'replace', path: `/spec/ports/${m.port.index}/targetPort`, value }];
  const ns = m.service.metadata.namespace ?? 'default';
  const which = servicePorts(m.service).length > 1 ? ` port ${m.port.port}` : '';
  const to = m.likely.name ? `${value} (${m.likely.containerPort})` : `${value}`;
  return {
    patch,
    value,
    command: `kubectl -n ${ns} patch service ${m.service.metadata.name} --type json -p '${JSON.stringify(patch)}'`,
    summary: `Set Service ${ns}/${m.service.metadata.name}${which} targetPort ${m.target} → ${to}`,
  };
}
