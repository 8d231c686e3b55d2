import type { Baseline } from './baseline.js';
import type { NodeRef } from './nodes.js';
import { buildService } from './objects.js';
import type { ContainerInput, PodInput, TemplateInput } from './pods.js';
import type { ScenarioBuilder } from './scenario.js';
import { type Built, buildDeployment } from './workloads.js';

/** When the shop's current release rolled out (pods' creation times). */
export const SHOP_RELEASE = '2025-03-03T16:20:05Z';

/** When the shop's Services were created. */
const SHOP_SERVICES_CREATED = '2025-01-14T10:31:52Z';

/**
 * A shop Service `name` (selector `app=<name>`, port 80 → the pods' `http` port) with its Endpoints
 * and EndpointSlice over `backends`.
 */
export function shopService(
  s: ScenarioBuilder,
  base: Baseline,
  name: string,
  clusterIP: string,
  backends: Record<string, unknown>[],
): Record<string, unknown>[] {
  return buildService(
    {
      name,
      namespace: 'shop',
      clusterIP,
      created: SHOP_SERVICES_CREATED,
      selector: { app: name },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      backends,
      zoneOf: base.zoneOf,
    },
    s.rv,
  );
}

/** A shop application: one Deployment with `app=<name>` labels, pods spread over the given nodes. */
export function shopApp(
  s: ScenarioBuilder,
  input: {
    name: string;
    namespace?: string;
    replicas: number;
    /** Pod objects to create (default: replicas); more when evicted or terminating pods linger. */
    instances?: number;
    nodes: NodeRef[];
    container: ContainerInput;
    extraContainers?: ContainerInput[];
    /** Per pod index: anything that differs from the template (state, restarts, a different node). */
    pods?: Record<number, Partial<PodInput> & { node?: NodeRef }>;
    rolledOut?: string;
    nodeSelector?: Record<string, string>;
    labels?: Record<string, string>;
    /** Further pod template fields (runtimeClassName, tolerations, securityContext…). */
    podSpec?: Omit<Partial<TemplateInput>, 'labels' | 'containers'>;
  },
): Built {
  const namespace = input.namespace ?? 'shop';
  const labels = { app: input.name, ...input.labels };
  const built = buildDeployment(
    {
      name: input.name,
      namespace,
      replicas: input.replicas,
      created: '2025-01-14T10:31:52Z',
      rolledOut: input.rolledOut ?? SHOP_RELEASE,
      revision: 7,
      labels: { app: input.name, 'app.kubernetes.io/part-of': 'shop' },
      template: {
        labels,
        containers: [input.container, ...(input.extraContainers ?? [])],
        ...(input.nodeSelector ? { nodeSelector: input.nodeSelector } : {}),
        ...input.podSpec,
      },
      pods: Array.from({ length: input.instances ?? input.replicas }, (_, i) => {
        const override = input.pods?.[i] ?? {};
        const node = override.node ?? (input.nodes[i % input.nodes.length] as NodeRef);
        return { node, ip: s.podIp(node), override };
      }),
    },
    s.rv,
  );
  s.add('workloads.yaml', ...built.objects);
  return built;
}

/** The conventional Node.js service container: port, probes on /healthz, modest requests and limits. */
export function nodeService(name: string, port: number, extra: Partial<ContainerInput> = {}): ContainerInput {
  return {
    name,
    image: `acrshopprod.azurecr.io/shop/${name}:2.14.3`,
    env: [
      { name: 'NODE_ENV', value: 'production' },
      { name: 'PORT', value: String(port) },
    ],
    ports: [{ containerPort: port, name: 'http' }],
    readinessProbe: {
      failureThreshold: 3,
      httpGet: { path: '/healthz', port, scheme: 'HTTP' },
      periodSeconds: 10,
      successThreshold: 1,
      timeoutSeconds: 1,
    },
    resources: { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '256Mi' } },
    ...extra,
  };
}
