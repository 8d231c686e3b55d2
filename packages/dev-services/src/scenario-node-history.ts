import type { KubeObject, KubeReader } from '@triage/core';
import { linuxNodeHistory, oomSawtooth, windowsNodeHistory } from './node-metrics-history.js';
import { openMetricsText } from './open-metrics.js';

const UNITS: Record<string, number> = {
  '': 1,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
};

/** `16375080Ki` → bytes; undefined for what it cannot read. */
function bytes(quantity: unknown): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?$/.exec(String(quantity ?? ''));
  return match ? Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1) : undefined;
}

interface NodeFacts {
  name: string;
  address: string;
  windows: boolean;
  memory: number;
  /** When the Ready condition left True, if it did. */
  notReadyAt?: Date;
  /** The OOM kills its events report, spread evenly between the first and the last. */
  kills: Date[];
}

function nodeFacts(node: KubeObject, events: KubeObject[]): NodeFacts {
  const status = (node.status ?? {}) as {
    addresses?: { type: string; address: string }[];
    capacity?: Record<string, string>;
    conditions?: { type: string; status: string; lastTransitionTime?: string }[];
    nodeInfo?: { operatingSystem?: string };
  };
  const name = node.metadata.name;
  const ready = status.conditions?.find((c) => c.type === 'Ready');
  const oom = events.find(
    (e) => (e.involvedObject as { name?: string } | undefined)?.name === name && e.reason === 'OOMKilling',
  );
  const first = Date.parse(String(oom?.firstTimestamp ?? oom?.lastTimestamp));
  const last = Date.parse(String(oom?.lastTimestamp ?? oom?.firstTimestamp));
  const count = Number(oom?.count ?? 1);
  const kills = Number.isNaN(first)
    ? []
    : Array.from(
        { length: count },
        (_, i) => new Date(first + (count > 1 ? (i * (last - first)) / (count - 1) : 0)),
      );
  return {
    name,
    address: status.addresses?.find((a) => a.type === 'InternalIP')?.address ?? name,
    windows:
      node.metadata.labels?.['kubernetes.io/os'] === 'windows' ||
      status.nodeInfo?.operatingSystem === 'windows',
    memory: bytes(status.capacity?.memory) ?? 16 * 1024 ** 3,
    ...(ready &&
      ready.status !== 'True' &&
      ready.lastTransitionTime && { notReadyAt: new Date(ready.lastTransitionTime) }),
    kills,
  };
}

/**
 * Two hours of exporter history for every node of a (simulated) cluster, told by its objects:
 * node_exporter for Linux nodes, windows_exporter for Windows nodes; a node with OOMKilling events
 * leaks memory towards each kill; a node that went NotReady falls silent then. For the demo: load it
 * with `startPrometheus({ openMetrics })`.
 */
export async function scenarioNodeHistory(kube: KubeReader, now = new Date()): Promise<string> {
  const [nodes, events] = await Promise.all([
    kube.list('nodes'),
    kube.list('events', { fieldSelector: 'involvedObject.kind=Node' }),
  ]);
  const start = new Date(now.getTime() - 2 * 3_600_000);
  return openMetricsText(
    nodes.flatMap((node) => {
      const facts = nodeFacts(node, events);
      const steady = facts.memory * (0.45 + (facts.name.length % 7) * 0.04);
      const history = {
        node: facts.name,
        address: facts.address,
        start,
        end: facts.notReadyAt ? new Date(facts.notReadyAt.getTime() + 30_000) : now,
        stepSeconds: 30,
        memoryTotalBytes: facts.memory,
        memoryAvailable:
          facts.kills.length > 0
            ? oomSawtooth({
                kills: facts.kills,
                start,
                baselineBytes: steady,
                reboundBytes: facts.memory * 0.25,
                floorBytes: 90 * 1024 ** 2,
              })
            : () => steady,
      };
      return facts.windows ? windowsNodeHistory(history) : linuxNodeHistory(history);
    }),
  );
}
