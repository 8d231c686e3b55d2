import { hexFor } from './ids.js';
import type { ScenarioBuilder } from './scenario.js';

type KubeObject = Record<string, unknown>;

/** Quiet, plausible metrics for every running container and node; scenarios override the ones that matter. */
export function addBaselineMetrics(s: ScenarioBuilder): void {
  for (const o of s.files.get('kube-system.yaml') ?? []) {
    if (o.kind !== 'Pod') continue;
    setPodMetrics(s, o);
  }
}

/** Records metrics for a pod's containers from a stable hash of its name, near its requests. */
export function setPodMetrics(
  s: ScenarioBuilder,
  pod: KubeObject,
  usage?: Record<string, { cpu: string; memory: string }>,
): void {
  const meta = pod.metadata as { name: string; namespace: string };
  const status = pod.status as { phase: string };
  if (status.phase !== 'Running') return;
  const key = `${meta.namespace}/${meta.name}`;
  const containers = (
    pod.spec as { containers: { name: string; resources: { requests?: Record<string, string> } }[] }
  ).containers;
  s.sim.metrics.pods[key] =
    usage ??
    Object.fromEntries(
      containers.map((c) => {
        const h = Number.parseInt(hexFor(`m:${key}/${c.name}`, 4), 16);
        const mem = Number.parseInt(c.resources.requests?.memory ?? '40Mi', 10);
        return [
          c.name,
          { cpu: `${1 + (h % 12)}m`, memory: `${Math.max(8, Math.round(mem * (0.4 + (h % 50) / 100)))}Mi` },
        ];
      }),
    );
}

function parseQuantity(q: string): number {
  const n = Number.parseFloat(q);
  if (q.endsWith('m')) return n / 1000;
  if (q.endsWith('Ki')) return n / 1024;
  if (q.endsWith('Mi')) return n;
  if (q.endsWith('Gi')) return n * 1024;
  return n;
}

/** Node usage = the sum of its pods' usage plus the system's own share; call after all pods are added. */
export function setNodeMetrics(
  s: ScenarioBuilder,
  overrides: Record<string, { cpu: string; memory: string }> = {},
): void {
  const pods = [...s.files.values()].flat().filter((o) => o.kind === 'Pod');
  for (const node of (s.files.get('nodes.yaml') ?? []).map((n) => (n.metadata as { name: string }).name)) {
    let cpu = 0.12;
    let mem = 1180;
    for (const p of pods) {
      if ((p.spec as { nodeName?: string }).nodeName !== node) continue;
      const m = p.metadata as { namespace: string; name: string };
      for (const u of Object.values(s.sim.metrics.pods[`${m.namespace}/${m.name}`] ?? {})) {
        cpu += parseQuantity(u.cpu);
        mem += parseQuantity(u.memory);
      }
    }
    s.sim.metrics.nodes[node] = overrides[node] ?? {
      cpu: `${Math.round(cpu * 1000)}m`,
      memory: `${Math.round(mem)}Mi`,
    };
  }
}
