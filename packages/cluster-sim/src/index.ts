export {
  KubeApiError,
  ScenarioError,
  SimulatorConfigError,
  type StatusCause,
  type StatusDetails,
  type StatusReason,
} from './errors.js';
export type { KubeObject, ObjectMeta } from './kube-object.js';
export {
  compileLabelSelector,
  matchesSelectorObject,
  parseLabelSelector,
  type LabelSelectorObject,
} from './label-selector.js';
export {
  createObjectStore,
  formatTimestamp,
  WatchEvent,
  type CreateOptions,
  type DeleteOptions,
  type ListOptions,
  type ListResult,
  type ObjectStore,
  type ObjectStoreOptions,
  type UpdateOptions,
  type WatchEventType,
  type WatchOptions,
  type WriteOptions,
} from './object-store.js';
export { applyPatch, type PatchType } from './patch.js';
export { apiVersionOf, type ResourceType, resourceTypes, storedResourceTypes } from './resource-types.js';
export { resolveScenarioDirectory, type Simulator, type StartSimulatorOptions, startSimulator } from './start-simulator.js';
