import { plus } from './cluster.js';
import { buildEvent, involve } from './objects.js';
import type { ScenarioBuilder } from './scenario.js';

type KubeObject = Record<string, unknown>;

/** The name, node and first container of a built pod. */
export function podBasics(pod: KubeObject): {
  name: string;
  namespace: string;
  node: string;
  container: string;
  image: string;
  ip: string;
} {
  const meta = pod.metadata as { name: string; namespace: string };
  const spec = pod.spec as { nodeName: string; containers: { name: string; image: string }[] };
  return {
    name: meta.name,
    namespace: meta.namespace,
    node: spec.nodeName,
    container: spec.containers[0]?.name ?? '',
    image: spec.containers[0]?.image ?? '',
    ip: (pod.status as { podIP?: string }).podIP ?? '',
  };
}

/**
 * The Normal events of a pod start: Scheduled, then Pulling/Pulled (or "already present"), Created, Started
 * for its first container, as the scheduler and kubelet record them.
 */
export function addStartEvents(
  s: ScenarioBuilder,
  pod: KubeObject,
  at: string,
  pull?: { seconds: number; bytes: number },
): void {
  const p = podBasics(pod);
  const c = `spec.containers{${p.container}}`;
  const kubelet = { component: 'kubelet', host: p.node };
  const pulled = pull ? pull.seconds : 0;
  s.add(
    'events.yaml',
    buildEvent(
      {
        involved: involve(pod),
        reason: 'Scheduled',
        message: `Successfully assigned ${p.namespace}/${p.name} to ${p.node}`,
        component: 'default-scheduler',
        first: at,
      },
      s.rv,
    ),
    ...(pull
      ? [
          buildEvent(
            {
              involved: involve(pod, c),
              reason: 'Pulling',
              message: `Pulling image "${p.image}"`,
              ...kubelet,
              first: plus(at, 1),
            },
            s.rv,
          ),
          buildEvent(
            {
              involved: involve(pod, c),
              reason: 'Pulled',
              message: `Successfully pulled image "${p.image}" in ${pull.seconds}.${String(pull.bytes % 1000).padStart(3, '0')}s (${pull.seconds}.${String(pull.bytes % 1000).padStart(3, '0')}s including waiting). Image size: ${pull.bytes} bytes.`,
              ...kubelet,
              first: plus(at, 1 + pulled),
            },
            s.rv,
          ),
        ]
      : [
          buildEvent(
            {
              involved: involve(pod, c),
              reason: 'Pulled',
              message: `Container image "${p.image}" already present on machine`,
              ...kubelet,
              first: plus(at, 1),
            },
            s.rv,
          ),
        ]),
    buildEvent(
      {
        involved: involve(pod, c),
        reason: 'Created',
        message: `Created container ${p.container}`,
        ...kubelet,
        first: plus(at, 1 + pulled),
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: involve(pod, c),
        reason: 'Started',
        message: `Started container ${p.container}`,
        ...kubelet,
        first: plus(at, 2 + pulled),
      },
      s.rv,
    ),
  );
}
