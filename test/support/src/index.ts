export { freePort, waitFor } from '@triage/cli';
export { type RedisServer, startLocalRedis as startRedis } from '@triage/cli';
export * from './alertmanager.js';
