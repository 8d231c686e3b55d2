import type { Playbook } from '@triage/core';
import { containerLogsPlaybook } from '@triage/playbook-container-logs';
import { describePlaybook } from '@triage/playbook-describe';
import { healthReportPlaybook } from '@triage/playbook-health-report';
import { networkTracePlaybook } from '@triage/playbook-network-trace';
import { nodeHealthPlaybook } from '@triage/playbook-node-health';
import { pdbDrainPlaybook } from '@triage/playbook-pdb-drain';
import { windowsLogsPlaybook } from '@triage/playbook-windows-logs';

/** Every playbook Triage can run. A new playbook is one folder under playbooks/ and one line here. */
export const playbooks: readonly Playbook[] = [
  describePlaybook,
  nodeHealthPlaybook,
  pdbDrainPlaybook,
  networkTracePlaybook,
  containerLogsPlaybook,
  windowsLogsPlaybook,
  healthReportPlaybook,
];
