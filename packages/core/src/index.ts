export * from './finding.js';
export * from './playbook.js';
export * from './signal.js';
export * from './subject.js';
export * from './intake.js';
