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
export { createKubeDryRun, type KubeDryRunOptions, patchContentTypes } from './create-kube-dry-run.js';
export { type KubeReaderOptions, createKubeReader } from './create-kube-reader.js';
export {
  describeRequest,
  isRetryable,
  KubeError,
  type KubeErrorCode,
  kubeErrorCodes,
  type RequestDescription,
} from './errors.js';
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
