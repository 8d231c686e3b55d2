export { createRunner, RUN_QUEUE, type Runner, type RunnerDeps } from './create-runner.js';
export { playbooks } from './playbook-registry.js';
export { errorFinding, runPlaybook } from './run-playbook.js';
export { type RunnerConfig, runnerConfigSchema } from './runner-config.js';
export { createInvestigationStore, type Investigation } from './investigation-store.js';
