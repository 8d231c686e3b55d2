import type { ScenarioBuilder } from '../scenario-kit/scenario.js';
import { buildDnsUpstream } from './dns-upstream.js';
import { buildHealthy } from './healthy.js';
import { buildNodeDiskPressure } from './node-disk-pressure.js';
import { buildNodeNotReadyMemory } from './node-notready-memory.js';
import { buildPdbDrainBlocked } from './pdb-drain-blocked.js';
import { buildTcpRefused } from './tcp-refused.js';
import { buildWindowsMixed } from './windows-mixed.js';

/** Every scenario definition by folder name. */
export const SCENARIOS: Record<string, () => ScenarioBuilder> = {
  'dns-upstream': buildDnsUpstream,
  healthy: buildHealthy,
  'node-disk-pressure': buildNodeDiskPressure,
  'node-notready-memory': buildNodeNotReadyMemory,
  'pdb-drain-blocked': buildPdbDrainBlocked,
  'tcp-refused': buildTcpRefused,
  'windows-mixed': buildWindowsMixed,
};
