import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

/** One rendered Kubernetes object (what `kubectl kustomize` prints, one YAML document each). */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

const run = promisify(execFile);

/**
 * Renders a Kustomize directory with the real `kubectl kustomize` and parses the objects.
 * @throws when kubectl fails (its stderr in the message) or a document is not an object with a kind.
 * @example const objects = await renderKustomization('infra/k8s/overlays/production');
 */
export async function renderKustomization(directory: string): Promise<{ yaml: string; objects: Manifest[] }> {
  const { stdout } = await run('kubectl', ['kustomize', directory], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 60_000,
  });
  return { yaml: stdout, objects: parseManifests(stdout) };
}

/** Parses multi-document YAML into manifests; every document must carry apiVersion, kind and metadata.name. */
export function parseManifests(yaml: string): Manifest[] {
  return parseAllDocuments(yaml)
    .map((doc) => doc.toJS() as unknown)
    .filter((value) => value !== null && value !== undefined)
    .map((value, i) => {
      const m = value as Partial<Manifest>;
      if (
        typeof m.apiVersion !== 'string' ||
        typeof m.kind !== 'string' ||
        typeof m.metadata?.name !== 'string'
      )
        throw new Error(`document ${i + 1} is not a Kubernetes object (apiVersion, kind and metadata.name)`);
      return m as Manifest;
    });
}

/** `Kind namespace/name` (or `Kind name`), for messages. */
export function describeManifest(m: Manifest): string {
  return `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;
}
