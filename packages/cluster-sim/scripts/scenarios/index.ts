import type { ScenarioBuilder } from '../scenario-kit/scenario.js';
import { buildHealthy } from './healthy.js';

/** Every scenario definition by folder name. */
export const SCENARIOS: Record<string, () => ScenarioBuilder> = {
  healthy: buildHealthy,
};
