export * from './finding.js';
export * from './playbook.js';
export * from './signal.js';
export * from './subject.js';
