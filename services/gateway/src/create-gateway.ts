import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { Registry } from 'prom-client';
import { createErrorHandler, rejectionReason } from './error-handler.js';
import { GatewayError } from './errors.js';
import { type GatewayConfig, type GatewayConfigInput, gatewayConfigSchema } from './gateway-config.js';
import { createGatewayMetrics } from './gateway-metrics.js';
import { useJsonBodyParser } from './json-body-parser.js';
import { describeZodError } from './normalise/describe-zod-error.js';
import { registerAlertRoutes } from './routes/alert-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import type { SignalIntake } from './signal-intake.js';
import { createAlertmanagerSilencer } from './slack/alertmanager-silencer.js';
import { createSlackHandlers, registerSlackApp, type SlackAppDeps } from './slack/slack-app.js';
import { attachSocketMode, createSocketClient, type SocketClient } from './slack/socket-mode.js';
import { withDeadline } from './with-deadline.js';

/** What {@link createGateway} needs. */
export interface GatewayDeps {
  /** Gateway configuration; defaults are applied (see `gatewayConfigSchema`). */
  config: GatewayConfigInput;
  /** Where accepted signals are stored (`createBullIntake` in production). */
  intake: SignalIntake;
  /** A pino logger; without one the gateway does not log. Tokens in URLs are redacted. */
  logger?: FastifyBaseLogger;
  /** Registry for `/metrics`; pass the process's one to serve the runner's metrics too. Default: a new, empty one. */
  metrics?: Registry;
  /** Source of `receivedAt`; default the system clock. */
  clock?: () => Date;
  /** What the Slack app needs (audit trail, notifier, …); required when `config.slack` is set. */
  slack?: SlackAppDeps;
  /** Socket Mode client factory (default `SocketModeClient` on `slack.appToken`); tests pass a fake. */
  socketClient?: (appToken: string) => SocketClient;
}

/** `?token=…` in a logged URL becomes `?token=[redacted]`. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

function parseConfig(input: GatewayConfigInput): GatewayConfig {
  const result = gatewayConfigSchema.safeParse(input);
  if (!result.success) {
    throw new GatewayError(
      'TRIAGE_ERR_GATEWAY_CONFIG_INVALID',
      `gateway config: ${describeZodError(result.error, 20)}`,
    );
  }
  return result.data;
}

function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}

/**
 * Creates the HTTP ingress (not listening; call `listen` or `inject`): alert webhooks, `/healthz`,
 * `/readyz`, `/metrics`. Throws `TRIAGE_ERR_GATEWAY_CONFIG_INVALID` naming each bad config key.
 *
 * @example
 * const app = createGateway({ config: { auth: { azureMonitor: { token } } }, intake: createBullIntake({ connection: url }) });
 * await app.listen({ port: 8080, host: '0.0.0.0' });
 */
export function createGateway(deps: GatewayDeps): FastifyInstance {
  const config = parseConfig(deps.config);
  const registry = deps.metrics ?? new Registry();
  const clock = deps.clock ?? (() => new Date());
  const loggerInstance = deps.logger?.child(
    {},
    {
      serializers: {
        req: (request: FastifyRequest) => ({ method: request.method, url: redactUrl(request.url) }),
      },
    },
  );
  const app = Fastify({
    bodyLimit: config.bodyLimit,
    requestTimeout: 30_000,
    ...(loggerInstance ? { loggerInstance } : {}),
  });

  const metrics = createGatewayMetrics(registry, deps.intake);
  useJsonBodyParser(app);
  app.setErrorHandler(
    createErrorHandler({
      bodyLimit: config.bodyLimit,
      onRejected: (error) => metrics.rejections.inc({ reason: rejectionReason(error.code) }),
    }),
  );
  app.setNotFoundHandler((request) => {
    throw new GatewayError(
      'TRIAGE_ERR_GATEWAY_NOT_FOUND',
      `no route ${request.method} ${pathOf(request.url)}`,
    );
  });
  registerAlertRoutes(app, { config, intake: deps.intake, metrics, clock });
  registerHealthRoutes(app, { intake: deps.intake, registry });
  if (config.slack) {
    if (!deps.slack)
      throw new GatewayError(
        'TRIAGE_ERR_GATEWAY_CONFIG_INVALID',
        'slack is configured but the Slack app dependencies were not given',
      );
    const slackConfig = config.slack;
    const silencer =
      deps.slack.silencer ??
      (slackConfig.alertmanagerUrl
        ? createAlertmanagerSilencer({ url: slackConfig.alertmanagerUrl })
        : undefined);
    const handlers = createSlackHandlers({
      config: slackConfig,
      defaultCluster: config.defaultCluster,
      deps: { ...deps.slack, ...(silencer ? { silencer } : {}) },
      clock,
      log: app.log,
      // Commands and presses are acked within Slack's 3 s: the enqueue is bounded like the webhooks'.
      async enqueue(signals) {
        await withDeadline(
          deps.intake.enqueue(signals, clock().toISOString()),
          config.enqueueTimeoutMs,
          () => new Error('the queue did not answer in time'),
        );
        for (const signal of signals) metrics.signals.inc({ source: signal.source, status: signal.status });
      },
    });
    if (slackConfig.socketMode && slackConfig.appToken) {
      const client = (deps.socketClient ?? createSocketClient)(slackConfig.appToken);
      attachSocketMode(client, handlers, app.log);
      app.addHook('onReady', async () => {
        await client.start();
      });
      app.addHook('onClose', async () => {
        await client.disconnect();
      });
    } else {
      registerSlackApp(app, { config: slackConfig, handlers, registry, clock });
    }
  }

  app.addHook('onReady', async () => {
    const { alertmanager, azureMonitor } = config.auth;
    if (!alertmanager?.bearerToken && !alertmanager?.basic) {
      app.log.warn(
        'no Alertmanager credentials configured: /v1/alerts/alertmanager accepts unauthenticated requests',
      );
    }
    if (!azureMonitor?.token) {
      app.log.warn(
        'no Azure Monitor token configured: /v1/alerts/azure-monitor accepts unauthenticated requests',
      );
    }
  });
  return app;
}
