/** What running a playbook outside the queue needs (`triage run`), without the queue and chat machinery. */
export { playbooks } from './playbook-registry.js';
export { errorFinding, runPlaybook } from './run-playbook.js';
