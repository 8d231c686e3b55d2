export * from './finding.js';
export * from './intake.js';
export * from './playbook.js';
export * from './quantity.js';
export * from './signal.js';
export * from './subject.js';
