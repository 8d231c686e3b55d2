import { readFileSync } from 'node:fs';
import type { KubeObject } from '@triage/core';
import {
  type EventView,
  eventSchema,
  type NodeView,
  nodeSchema,
  type PodView,
  parseEach,
  podSchema,
  type RuntimeClassView,
  runtimeClassSchema,
} from '../src/kube-views.js';

const here = new URL('./fixtures/', import.meta.url);

/** A fixture file's text. */
export function fixtureText(path: string): string {
  return readFileSync(new URL(path, here), 'utf8');
}

/** The items of a `kubectl get -o json` List fixture. */
export function fixtureItems(path: string): KubeObject[] {
  return (JSON.parse(fixtureText(path)) as { items: KubeObject[] }).items;
}

export const WIN2019 = 'akswinpool000002';
export const LINUX = 'aks-system-20417953-vmss000003';

/** The fixture cluster, parsed as the playbook parses it. */
export function fixtureCluster(): {
  nodes: Map<string, NodeView>;
  pods: PodView[];
  events: EventView[];
  runtimeClasses: RuntimeClassView[];
  podsOn(node: string): PodView[];
} {
  const nodes = new Map(
    parseEach(nodeSchema, fixtureItems('kube/nodes.json')).map((n) => [n.metadata.name, n]),
  );
  const pods = parseEach(podSchema, fixtureItems('kube/pods.json'));
  return {
    nodes,
    pods,
    events: parseEach(eventSchema, fixtureItems('kube/events.json')),
    runtimeClasses: parseEach(runtimeClassSchema, fixtureItems('kube/runtimeclasses.json')),
    podsOn: (node) => pods.filter((p) => p.spec.nodeName === node),
  };
}

/** A fixture node that must exist. */
export function fixtureNode(name: string): NodeView {
  const node = fixtureCluster().nodes.get(name);
  if (!node) throw new Error(`no fixture node ${name}`);
  return node;
}
