import { type ChatAdapter, createConsoleAdapter, createSlackAdapter } from '@triage/chat';
import { createAuditTrail, createBullIntake, createGateway } from '@triage/gateway';
import { isRetryable } from '@triage/kube';
import { isRetryableLogError } from '@triage/playbook-container-logs';
import { createRunner, playbooks, type Runner } from '@triage/runner';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { createClusterAccess } from './cluster-access.js';
import type { TriageConfig } from './config.js';
import { createLogAnalyticsAccess } from './log-analytics-access.js';
import { createPrometheusAccess } from './prometheus-access.js';
import { createRedisConnection, describeRedis } from './redis-connection.js';
import { createSlackAppAccess } from './slack-access.js';
import { startWorkerHealthServer } from './worker-health-server.js';

/** Which roles this process plays: `serve` plays both. */
export interface Roles {
  gateway: boolean;
  worker: boolean;
}

/** The running services of one process. */
export interface Services {
  /** Where the gateway listens; in a worker-only process, where its health server listens. */
  url?: string;
  runner?: Runner;
  /** Graceful stop: the gateway stops accepting, running jobs finish (or are handed back), connections close. */
  close(): Promise<void>;
}

/** The chat adapter the config asks for. */
export function createChat(config: TriageConfig, log: Logger): ChatAdapter {
  if (config.chat.adapter === 'slack' && config.chat.slack)
    return createSlackAdapter({
      token: config.chat.slack.token,
      apiUrl: config.chat.slack.apiUrl,
      logger: log,
    });
  return createConsoleAdapter({ transcriptPath: config.chat.transcript });
}

/** Starts the gateway and/or the runner in this process, sharing one Redis connection and one metrics registry. */
export async function startServices(config: TriageConfig, roles: Roles, log: Logger): Promise<Services> {
  const redis = createRedisConnection(config.redis, { maxRetriesPerRequest: 1 });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection problem'));
  log.info({ redis: describeRedis(config.redis) }, 'redis');
  const registry = new Registry();
  const closers: (() => Promise<void>)[] = [];
  let url: string | undefined;
  let runner: Runner | undefined;

  if (roles.worker) {
    runner = createRunner({
      config: { ...config.runner, cluster: config.cluster },
      redis,
      chat: createChat(config, log),
      ...createClusterAccess(config.kube),
      // Fixes applied from chat end up in the same audit trail as the press (`triage audit`).
      audit: createAuditTrail({ redis, prefix: config.redis.prefix, log }),
      ...createLogAnalyticsAccess(config.logAnalytics),
      ...createPrometheusAccess(config.prometheus),
      playbooks,
      // Kubernetes API and Log Analytics failures that a later attempt may not meet (429, 5xx, timeouts).
      isRetryable: (err) => isRetryable(err) || isRetryableLogError(err),
      log,
      registry,
      prefix: config.redis.prefix,
    });
    await runner.ready();
    const started = runner;
    closers.push(() => started.close());
    if (!roles.gateway && config.workerHealthPort !== undefined) {
      // A worker-only process has no gateway to answer probes and scrapes.
      const health = await startWorkerHealthServer({
        registry,
        redis,
        port: config.workerHealthPort,
        host: config.gateway.host,
      });
      url = health.url;
      closers.push(() => health.close());
    }
  }
  if (roles.gateway) {
    // The intake owns a fail-fast connection: with Redis down, senders must get 503 at once.
    const intake = createBullIntake({
      connection: (tuning) => createRedisConnection(config.redis, tuning),
      prefix: config.redis.prefix,
      replicaAck: { replicas: config.redis.minReplicasAcked, timeoutMs: config.redis.replicaAckTimeoutMs },
    });
    const slack = createSlackAppAccess(config, redis, log);
    const gateway = createGateway({
      config: config.gateway,
      intake,
      logger: log,
      metrics: registry,
      ...(slack ? { slack } : {}),
    });
    url = await gateway.listen({ port: config.gateway.port, host: config.gateway.host });
    // Stop accepting first, so nothing is acknowledged that the closing queue cannot store.
    closers.unshift(async () => {
      await gateway.close();
      await intake.close();
    });
  }
  return {
    url,
    runner,
    async close() {
      for (const close of closers) await close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
