import type { KubeDryRun, KubeReader, PlaybookContext } from '@triage/core';
import { playbookContext } from '@triage/dev-services';
import { pdbDrainParams, pdbDrainPlaybook } from '../src/index.js';

/** A PlaybookContext as the runner builds one; `dryRun` absent means a read-only install. */
export function contextFor(kube: KubeReader, dryRun?: KubeDryRun): PlaybookContext {
  return { ...playbookContext({ kube, trigger: { name: 'run pdb-drain' } }), ...(dryRun && { dryRun }) };
}

/** A reader that records every call (`list pods {...}`), to check what a run costs. */
export function countingReader(kube: KubeReader) {
  const calls: string[] = [];
  const reader: KubeReader = {
    get(resource, name, namespace) {
      calls.push(`get ${resource} ${namespace ?? ''}/${name}`);
      return kube.get(resource, name, namespace);
    },
    list(resource, options) {
      calls.push(`list ${resource} ${JSON.stringify(options ?? {})}`);
      return kube.list(resource, options);
    },
  };
  return { reader, calls };
}

/** Runs pdb-drain with params parsed as the runner parses them. */
export function runPdbDrain(ctx: PlaybookContext, params: Record<string, unknown>) {
  return pdbDrainPlaybook.run(ctx, pdbDrainParams.parse(params));
}
