import type { Signal } from '@triage/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { checkAlertmanagerAuth, checkAzureMonitorAuth } from '../auth.js';
import { GatewayError } from '../errors.js';
import type { GatewayConfig } from '../gateway-config.js';
import type { GatewayMetrics } from '../gateway-metrics.js';
import { alertmanagerPayloadSchema, alertmanagerToSignals } from '../normalise/alertmanager.js';
import { azureMonitorToSignals } from '../normalise/azure-monitor.js';
import { azureMonitorPayloadSchema, isCommonAlertSchema } from '../normalise/azure-monitor-schema.js';
import { describeZodError } from '../normalise/describe-zod-error.js';
import type { SignalIntake } from '../signal-intake.js';
import { withDeadline } from '../with-deadline.js';

/** What the alert routes need. */
export interface AlertRoutesDeps {
  config: GatewayConfig;
  intake: SignalIntake;
  metrics: GatewayMetrics;
  clock: () => Date;
}

function requireBody(body: unknown): unknown {
  if (body === undefined) {
    throw new GatewayError('TRIAGE_ERR_GATEWAY_UNSUPPORTED_MEDIA_TYPE', 'send the alert as a JSON body');
  }
  return body;
}

function validate<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
  const result = schema.safeParse(body);
  if (!result.success)
    throw new GatewayError('TRIAGE_ERR_GATEWAY_INVALID_PAYLOAD', describeZodError(result.error));
  return result.data;
}

/** `POST /v1/alerts/alertmanager` and `POST /v1/alerts/azure-monitor`: authenticate, validate, enqueue, 202. */
export function registerAlertRoutes(app: FastifyInstance, deps: AlertRoutesDeps): void {
  const { config, intake, metrics, clock } = deps;
  const normaliseOptions = { defaultCluster: config.defaultCluster };

  // 202 only once the intake holds every signal; 503 (which both senders retry) otherwise.
  async function store(reply: FastifyReply, signals: Signal[]) {
    const receivedAt = clock().toISOString();
    const stopTimer = metrics.enqueueSeconds.startTimer();
    try {
      await withDeadline(
        intake.enqueue(signals, receivedAt),
        config.enqueueTimeoutMs,
        () => new Error(`the queue did not answer within ${config.enqueueTimeoutMs} ms`),
      );
    } catch (error) {
      throw new GatewayError(
        'TRIAGE_ERR_GATEWAY_QUEUE_UNAVAILABLE',
        'the signal queue (Redis) is unavailable; nothing was stored, retry later',
        { cause: error, headers: { 'retry-after': String(config.retryAfterSeconds) } },
      );
    } finally {
      stopTimer();
    }
    for (const signal of signals) metrics.signals.inc({ source: signal.source, status: signal.status });
    return reply.code(202).send({ accepted: signals.length, receivedAt });
  }

  app.post(
    '/v1/alerts/alertmanager',
    { onRequest: async (request) => checkAlertmanagerAuth(request, config.auth.alertmanager) },
    async (request, reply) => {
      const payload = validate(alertmanagerPayloadSchema, requireBody(request.body));
      return store(reply, alertmanagerToSignals(payload, normaliseOptions));
    },
  );

  app.post(
    '/v1/alerts/azure-monitor',
    { onRequest: async (request) => checkAzureMonitorAuth(request, config.auth.azureMonitor) },
    async (request, reply) => {
      const body = requireBody(request.body);
      if (!isCommonAlertSchema(body)) {
        throw new GatewayError(
          'TRIAGE_ERR_GATEWAY_NOT_COMMON_SCHEMA',
          'payload is not the Azure Monitor common alert schema (schemaId "azureMonitorCommonAlertSchema"): ' +
            'enable the common alert schema on the action group webhook (useCommonAlertSchema: true)',
        );
      }
      const payload = validate(azureMonitorPayloadSchema, body);
      return store(reply, azureMonitorToSignals(payload, normaliseOptions));
    },
  );
}
