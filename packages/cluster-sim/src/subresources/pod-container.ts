import { KubeApiError } from '../errors.js';
import type { ContainerSpec, PodObject } from '../pod-types.js';

/**
 * The container a pods/log or pods/exec request addresses, with the apiserver's 400 messages: a pod
 * with several containers needs `container`, and the name must exist (init containers count).
 */
export function resolveContainer(pod: PodObject, requested: string | null): ContainerSpec {
  const containers = pod.spec?.containers ?? [];
  const initContainers = pod.spec?.initContainers ?? [];
  const podName = pod.metadata.name ?? '';
  if (!requested) {
    const [only] = containers;
    if (containers.length === 1 && only) return only;
    const names = containers.map((c) => c.name).join(' ');
    const initNames = initContainers.map((c) => c.name).join(' ');
    const initPart = initNames ? ` or one of the init containers: [${initNames}]` : '';
    throw new KubeApiError(
      'BadRequest',
      `a container name must be specified for pod ${podName}, choose one of: [${names}]${initPart}`,
    );
  }
  const found = [...containers, ...initContainers].find((c) => c.name === requested);
  if (!found) throw new KubeApiError('BadRequest', `container ${requested} is not valid for pod ${podName}`);
  return found;
}

/** The container's `state` from status.containerStatuses (or initContainerStatuses). */
export function containerState(
  pod: PodObject,
  name: string,
): Record<string, Record<string, unknown>> | undefined {
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...((pod.status?.initContainerStatuses as Record<string, unknown>[] | undefined) ?? []),
  ];
  return statuses.find((s) => s.name === name)?.state as Record<string, Record<string, unknown>> | undefined;
}

/** The container's argv (command + args) as the match subject of scenario rules sees it. */
export function containerArgv(container: ContainerSpec): string[] {
  return [...(container.command ?? []), ...(container.args ?? [])];
}
