export { policyViolations, TRIAGE_NAMESPACE } from './policy-violations.js';
export {
  describeManifest,
  type Manifest,
  parseManifests,
  renderKustomization,
} from './render-kustomization.js';
export { type KubectlResult, kubectl } from './kubectl.js';
export { schemaErrors } from './schema-errors.js';
