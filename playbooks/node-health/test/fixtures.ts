import { readFileSync } from 'node:fs';
import type { KubeObject } from '@triage/core';
import { eventSchema, nodeSchema, parseEach, podMetricsSchema, podSchema } from '../src/kube-views.js';

/** The raw JSON of `test/fixtures/kubectl/<name>.json` (a `kubectl get -o json` dump). */
export function rawFixture(name: string): KubeObject & { items?: KubeObject[] } {
  return JSON.parse(readFileSync(new URL(`./fixtures/kubectl/${name}.json`, import.meta.url), 'utf8'));
}

/** The items of a List fixture, or the one object of a single-object fixture. */
export function fixtureItems(name: string): KubeObject[] {
  const raw = rawFixture(name);
  return raw.items ?? [raw];
}

export const nodeFixture = (name: string) => nodeSchema.parse(rawFixture(name));
export const podsFixture = (name: string) => parseEach(podSchema, fixtureItems(name));
export const eventsFixture = (name: string) => parseEach(eventSchema, fixtureItems(name));
export const podMetricsFixture = (name: string) => parseEach(podMetricsSchema, fixtureItems(name));

/** The time every fixture is written against (heartbeats at 11:58, NotReady since 11:46:40). */
export const NOW = new Date('2026-11-22T12:00:00Z');
