import type { Manifest } from './render-kustomization.js';

interface ModelClass {
  new (data: unknown): { validate(): void };
}
type GroupVersionModule = Record<string, unknown>;

/** Group versions whose models come from a CRD package rather than kubernetes-models. */
const crdModules: Record<string, () => Promise<GroupVersionModule>> = {
  'keda.sh/v1alpha1': () => import('@kubernetes-models/keda/keda.sh/v1alpha1'),
};

async function modelFor(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const load = crdModules[apiVersion] ?? (() => import(/* @vite-ignore */ `kubernetes-models/${apiVersion}`));
  const module = (await load().catch(() => undefined)) as GroupVersionModule | undefined;
  const model = module?.[kind];
  return typeof model === 'function' ? (model as ModelClass) : undefined;
}

/**
 * What is wrong with one object against the Kubernetes OpenAPI schemas (kubernetes-models, generated
 * from the API's own OpenAPI documents; KEDA's from its CRDs): an empty list when it is valid.
 * Unknown apiVersion/kind pairs are an error too, so a typo in either cannot pass unchecked.
 */
export async function schemaErrors(manifest: Manifest): Promise<string[]> {
  const Model = await modelFor(manifest.apiVersion, manifest.kind);
  if (!Model) return [`no schema for ${manifest.kind} in ${manifest.apiVersion}`];
  try {
    new Model(manifest).validate();
    return [];
  } catch (err) {
    const details = (err as { errors?: { instancePath?: string; message?: string }[] }).errors;
    if (Array.isArray(details) && details.length > 0)
      return details.map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
    return [(err as Error).message];
  }
}
