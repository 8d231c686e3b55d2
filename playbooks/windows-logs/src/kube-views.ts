import type { KubeObject } from '@triage/core';
import { z } from 'zod';

const metadata = z.object({
  name: z.string(),
  namespace: z.string().default(''),
  labels: z.record(z.string(), z.string()).default({}),
});

const container = z.object({
  name: z.string(),
  image: z.string().default(''),
  command: z.array(z.string()).default([]),
  args: z.array(z.string()).default([]),
});

/** The fields of a Pod the Windows signatures read. */
export const podSchema = z.object({
  metadata,
  spec: z
    .object({
      nodeName: z.string().optional(),
      nodeSelector: z.record(z.string(), z.string()).default({}),
      runtimeClassName: z.string().optional(),
      containers: z.array(container).default([]),
    })
    .default({ nodeSelector: {}, containers: [] }),
  status: z
    .object({
      phase: z.string().optional(),
      containerStatuses: z
        .array(
          z.object({
            name: z.string(),
            state: z
              .object({
                waiting: z
                  .object({ reason: z.string().optional(), message: z.string().optional() })
                  .optional(),
              })
              .default({}),
          }),
        )
        .default([]),
    })
    .default({ containerStatuses: [] }),
});
export type PodView = z.infer<typeof podSchema>;

/** The fields of a Node the Windows signatures read. */
export const nodeSchema = z.object({
  metadata,
  status: z
    .object({
      nodeInfo: z
        .object({ kernelVersion: z.string().optional(), osImage: z.string().optional() })
        .default({}),
    })
    .default({ nodeInfo: {} }),
});
export type NodeView = z.infer<typeof nodeSchema>;

/** The fields of a core/v1 Event the Windows signatures read. */
export const eventSchema = z.object({
  type: z.string().default('Normal'),
  reason: z.string().default(''),
  message: z.string().default(''),
  count: z.number().default(1),
  lastTimestamp: z.string().nullish(),
  involvedObject: z.object({
    kind: z.string().default(''),
    name: z.string().default(''),
    namespace: z.string().default(''),
  }),
});
export type EventView = z.infer<typeof eventSchema>;

/** Parses each object, dropping those that do not have the expected shape (one odd object must not fail the run). */
export function parseEach<T>(schema: z.ZodType<T>, objects: readonly KubeObject[]): T[] {
  return objects.flatMap((o) => {
    const parsed = schema.safeParse(o);
    return parsed.success ? [parsed.data] : [];
  });
}

/** `namespace/name` of a pod. */
export function podKey(pod: PodView): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

/** The events about one pod, most frequent first. */
export function eventsOfPod(pod: PodView, events: readonly EventView[]): EventView[] {
  return events
    .filter(
      (e) =>
        e.involvedObject.kind === 'Pod' &&
        e.involvedObject.name === pod.metadata.name &&
        e.involvedObject.namespace === pod.metadata.namespace,
    )
    .sort((a, b) => b.count - a.count);
}

/** The fields of a node.k8s.io/v1 RuntimeClass the remediations read. */
export const runtimeClassSchema = z.object({
  metadata,
  scheduling: z
    .object({ nodeSelector: z.record(z.string(), z.string()).default({}) })
    .default({ nodeSelector: {} }),
});
export type RuntimeClassView = z.infer<typeof runtimeClassSchema>;
