export {
  createDiagnosticPods,
  type DiagnosticPodsOptions,
  defaultDiagnosticImages,
  IG_VERSION,
} from './create-diagnostic-pods.js';
export {
  diagnosticPodLabels,
  diagnosticPodManifest,
  diagnosticPodSelector,
} from './diagnostic-pod-manifest.js';
export { createKubeDryRun, type KubeDryRunOptions } from './create-kube-dry-run.js';
export {
  type AppliedChange,
  createKubePatcher,
  type KubePatcher,
  type KubePatcherOptions,
} from './create-kube-patcher.js';
export { type KubeReaderOptions, createKubeReader } from './create-kube-reader.js';
export {
  describeRequest,
  isRetryable,
  KubeError,
  type KubeErrorCode,
  kubeErrorCodes,
  type RequestDescription,
} from './errors.js';
export { patchContentTypes, type PatchSpec } from './patch-request.js';
export { type LoadKubeConfigOptions, loadKubeConfig } from './load-kube-config.js';
export {
  NODE_METRICS,
  POD_METRICS,
  type ResourcePath,
  resolveResource,
  resourcePaths,
} from './resource-paths.js';
export { isNamespaceName, isObjectName } from './validate-name.js';
export type { KubeConfig } from '@kubernetes/client-node';
