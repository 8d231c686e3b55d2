import { readFileSync } from 'node:fs';
import type { KubeObject } from '@triage/core';

/** A `kubectl get -o json` object from test/fixtures/kube. */
export function kubeFixture(name: string): KubeObject {
  return JSON.parse(
    readFileSync(new URL(`fixtures/kube/${name}.json`, import.meta.url), 'utf8'),
  ) as KubeObject;
}
