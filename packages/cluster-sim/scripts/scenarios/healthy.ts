import type { NodeRef } from '../scenario-kit/nodes.js';
import { addAksBaseline } from '../scenario-kit/baseline.js';
import { setNodeMetrics, setPodMetrics } from '../scenario-kit/metrics.js';
import { at } from '../scenario-kit/cluster.js';
import { buildEvent, buildPdb, buildService, involve } from '../scenario-kit/objects.js';
import { type ScenarioBuilder, createScenario } from '../scenario-kit/scenario.js';
import { addStartEvents } from '../scenario-kit/pod-events.js';
import { nodeService, shopApp } from '../scenario-kit/shop.js';

/** A small AKS cluster where nothing is wrong: every playbook should say so, briefly. */
export function buildHealthy(): ScenarioBuilder {
  const s = createScenario('healthy', at('08:30:00'));
  const base = addAksBaseline(s, {
    namespaces: ['shop'],
    nodes: [0, 1, 2].map((index) => ({
      pool: 'nodepool1',
      index,
      mode: 'System' as const,
      ipOctet: 4 + index,
      podCidrOctet: index,
    })),
  });
  const nodes = base.linux as [NodeRef, NodeRef, NodeRef];
  const scaledOut = at('08:04:11');
  const storefront = shopApp(s, {
    name: 'storefront',
    replicas: 3,
    nodes,
    container: nodeService('storefront', 3000),
    pods: { 2: { created: scaledOut } },
  });
  const orders = shopApp(s, {
    name: 'order-service',
    replicas: 2,
    nodes: [nodes[1], nodes[2]],
    container: nodeService('order-service', 3000),
  });
  for (const [app, built, ip] of [
    ['storefront', storefront, '10.0.87.201'],
    ['order-service', orders, '10.0.142.17'],
  ] as const) {
    s.add(
      'workloads.yaml',
      ...buildService(
        {
          name: app,
          namespace: 'shop',
          clusterIP: ip,
          created: '2025-01-14T10:31:52Z',
          selector: { app },
          ports: [{ name: 'http', port: 80, targetPort: 'http' }],
          backends: built.pods,
          zoneOf: base.zoneOf,
        },
        s.rv,
      ),
      buildPdb(
        {
          name: `${app}-pdb`,
          namespace: 'shop',
          created: '2025-01-14T10:31:52Z',
          selector: { app },
          maxUnavailable: 1,
          pods: built.pods,
          expected: built.pods.length,
        },
        s.rv,
      ),
    );
    for (const p of built.pods) setPodMetrics(s, p);
  }
  // A routine scale-out earlier this morning: Normal events only.
  const [deployment] = storefront.objects;
  const added = storefront.pods[2];
  if (deployment && added) {
    const rs = (added.metadata as { generateName: string }).generateName.slice(0, -1);
    s.add(
      'events.yaml',
      buildEvent(
        {
          involved: involve(deployment),
          reason: 'ScalingReplicaSet',
          message: `Scaled up replica set ${rs} to 3`,
          component: 'deployment-controller',
          first: scaledOut,
        },
        s.rv,
      ),
    );
    addStartEvents(s, added, scaledOut);
  }
  setNodeMetrics(s);
  return s;
}
