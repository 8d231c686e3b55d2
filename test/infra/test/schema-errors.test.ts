import { describe, expect, it } from 'vitest';
import type { Manifest } from '../src/render-kustomization.js';
import { schemaErrors } from '../src/schema-errors.js';

const object = (fields: Partial<Manifest>) => ({ metadata: { name: 'x' }, ...fields }) as Manifest;

describe('schemaErrors', () => {
  it('accepts a valid object', async () => {
    expect(await schemaErrors(object({ apiVersion: 'v1', kind: 'Namespace' }))).toEqual([]);
  });

  it('names the field of a wrongly typed value', async () => {
    const role = object({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      rules: [{ verbs: 'get' }],
    });
    expect(await schemaErrors(role)).toEqual(['/rules/0/verbs: must be array']);
  });

  it('checks KEDA ScaledObjects against the KEDA CRD schema', async () => {
    const scaled = object({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', spec: {} });
    expect(await schemaErrors(scaled)).toEqual([
      '/spec: must have required property scaleTargetRef',
      '/spec: must have required property triggers',
    ]);
  });

  it('refuses a kind or apiVersion it has no schema for, instead of passing it unchecked', async () => {
    expect(await schemaErrors(object({ apiVersion: 'apps/v1', kind: 'Deploymnet' }))).toEqual([
      'no schema for Deploymnet in apps/v1',
    ]);
    expect(await schemaErrors(object({ apiVersion: 'app/v1', kind: 'Deployment' }))).toEqual([
      'no schema for Deployment in app/v1',
    ]);
  });
});
