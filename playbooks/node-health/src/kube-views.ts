import { z } from 'zod';

// The fields node-health reads, as zod schemas: the API's objects are loosely typed, and a
// malformed item (a third-party controller's odd event, a half-written pod) is skipped, never a crash.
// Field names follow the Kubernetes API reference (core/v1 Node, Pod, Event; metrics.k8s.io/v1beta1).

const text = z.string().optional();
const quantities = z.record(z.string(), z.string()).default({});
const stringMap = z.record(z.string(), z.string()).default({});

const conditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: text,
  message: text,
  lastHeartbeatTime: text,
  lastTransitionTime: text,
});
export type NodeCondition = z.infer<typeof conditionSchema>;

const taintSchema = z.object({ key: z.string(), value: text, effect: z.string(), timeAdded: text });
export type Taint = z.infer<typeof taintSchema>;

export const nodeSchema = z.object({
  metadata: z.object({ name: z.string(), labels: stringMap }),
  spec: z
    .object({
      unschedulable: z.boolean().optional(),
      taints: z.array(taintSchema).default([]),
      providerID: text,
    })
    .prefault({}),
  status: z
    .object({
      conditions: z.array(conditionSchema).default([]),
      /** InternalIP is how Prometheus scrape targets usually name the node (`<ip>:9100`). */
      addresses: z.array(z.object({ type: z.string(), address: z.string() })).default([]),
      capacity: quantities,
      allocatable: quantities,
      nodeInfo: z
        .object({
          kubeletVersion: text,
          containerRuntimeVersion: text,
          osImage: text,
          kernelVersion: text,
          operatingSystem: text,
        })
        .prefault({}),
    })
    .prefault({}),
});
export type NodeView = z.infer<typeof nodeSchema>;

const stateSchema = z
  .object({
    waiting: z.object({ reason: text, message: text }).optional(),
    running: z.object({ startedAt: text }).optional(),
    terminated: z
      .object({ reason: text, message: text, exitCode: z.number().optional(), finishedAt: text })
      .optional(),
  })
  .prefault({});

const containerStatusSchema = z.object({
  name: z.string(),
  ready: z.boolean().default(false),
  restartCount: z.number().default(0),
  state: stateSchema,
  lastState: stateSchema,
});
export type ContainerStatus = z.infer<typeof containerStatusSchema>;

const containerSchema = z.object({
  name: z.string(),
  resources: z.object({ requests: quantities, limits: quantities }).prefault({}),
});

export const podSchema = z.object({
  metadata: z.object({
    name: z.string(),
    namespace: z.string().default('default'),
    labels: stringMap,
    ownerReferences: z.array(z.object({ kind: z.string(), name: z.string() })).default([]),
    deletionTimestamp: text,
  }),
  spec: z
    .object({
      containers: z.array(containerSchema).default([]),
      volumes: z
        .array(z.object({ name: z.string(), hostPath: z.object({ path: z.string() }).optional() }))
        .default([]),
    })
    .prefault({}),
  status: z
    .object({
      phase: text,
      reason: text,
      message: text,
      conditions: z.array(z.object({ type: z.string(), status: z.string() })).default([]),
      containerStatuses: z.array(containerStatusSchema).default([]),
    })
    .prefault({}),
});
export type PodView = z.infer<typeof podSchema>;

export const eventSchema = z.object({
  metadata: z.object({ name: z.string(), creationTimestamp: text }),
  type: text,
  reason: text,
  message: text,
  count: z.number().optional(),
  firstTimestamp: text.nullable(),
  lastTimestamp: text.nullable(),
  eventTime: text.nullable(),
  series: z.object({ count: z.number().optional(), lastObservedTime: text }).optional(),
  source: z.object({ component: text }).prefault({}),
  reportingComponent: text,
});
export type EventView = z.infer<typeof eventSchema>;

const usageSchema = z.object({ cpu: text, memory: text }).prefault({});

export const nodeMetricsSchema = z.object({ usage: usageSchema });
export type NodeMetricsView = z.infer<typeof nodeMetricsSchema>;

export const podMetricsSchema = z.object({
  metadata: z.object({ name: z.string(), namespace: z.string() }),
  containers: z.array(z.object({ name: z.string(), usage: usageSchema })).default([]),
});
export type PodMetricsView = z.infer<typeof podMetricsSchema>;

/** The items that match `schema`, parsed; the others are dropped (the caller counts them if it cares). */
export function parseEach<S extends z.ZodType>(schema: S, items: readonly unknown[]): z.infer<S>[] {
  return items.flatMap((item) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** `namespace/name` of a pod, as findings and evidence name it. */
export function podKey(pod: PodView): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}
