export { type SimCommandIo, type SimCommandOptions, simCommand } from './cli.js';
export {
  KubeApiError,
  ScenarioError,
  SimulatorConfigError,
  type StatusCause,
  type StatusDetails,
  type StatusReason,
} from './errors.js';
export type { FaultSettings } from './faults.js';
export { kubeconfigYaml } from './kubeconfig.js';
export type { KubeObject, ObjectMeta } from './kube-object.js';
export { generateLargeCluster, type LargeClusterOptions, largeClusterNodeName } from './large-cluster.js';
export {
  compileLabelSelector,
  type LabelSelectorObject,
  matchesSelectorObject,
  parseLabelSelector,
} from './label-selector.js';
export {
  type CreateOptions,
  createObjectStore,
  type DeleteOptions,
  formatTimestamp,
  type ListOptions,
  type ListResult,
  type ObjectStore,
  type ObjectStoreOptions,
  type UpdateOptions,
  WatchEvent,
  type WatchEventType,
  type WatchOptions,
  type WriteOptions,
} from './object-store.js';
export { applyPatch, type PatchType } from './patch.js';
export { apiVersionOf, type ResourceType, resourceTypes, storedResourceTypes } from './resource-types.js';
export { type LoadedScenario, loadScenario, type ScenarioObject } from './scenario-loader.js';
export {
  resolveScenarioDirectory,
  type Simulator,
  type StartSimulatorOptions,
  startSimulator,
} from './start-simulator.js';
