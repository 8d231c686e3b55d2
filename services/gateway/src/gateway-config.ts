import { z } from 'zod';
import { slackConfigSchema } from './slack/slack-config.js';

const secret = z.string().min(1, 'must not be empty');

/** Alertmanager's `http_config.authorization` (Bearer) or `http_config.basic_auth`; at most one. */
const alertmanagerAuthSchema = z
  .strictObject({
    bearerToken: secret.optional(),
    basic: z.strictObject({ username: secret, password: secret }).optional(),
  })
  .refine((auth) => !(auth.bearerToken && auth.basic), {
    message: 'set either bearerToken or basic, not both',
  });

/**
 * The gateway's configuration. The CLI builds it from YAML and the environment
 * (`TRIAGE_PORT`, `TRIAGE_ALERTMANAGER_TOKEN`, `TRIAGE_AZURE_MONITOR_TOKEN`, `TRIAGE_CLUSTER`).
 *
 * @example gatewayConfigSchema.parse({ port: '9000', auth: { azureMonitor: { token: 's3cr3t' } } })
 */
export const gatewayConfigSchema = z.strictObject({
  /** TCP port to listen on; strings are accepted so environment values parse. Default 8080. */
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** Interface to bind. Default all interfaces. */
  host: z.string().min(1).default('0.0.0.0'),
  /** Largest request body in bytes; larger ones get 413. Default 1 MiB. */
  bodyLimit: z.coerce.number().int().positive().default(1_048_576),
  /** Cluster name for signals whose payload does not say which cluster they are about. */
  defaultCluster: z.string().min(1).default('default'),
  /** Longest wait for the queue before answering 503. Default 1500 ms (senders expect an answer within 2 s). */
  enqueueTimeoutMs: z.coerce.number().int().positive().default(1500),
  /** Seconds the 503's Retry-After header asks senders to wait. Default 5. */
  retryAfterSeconds: z.coerce.number().int().positive().default(5),
  auth: z
    .strictObject({
      alertmanager: alertmanagerAuthSchema.optional(),
      /** Token expected in `?token=`, `Authorization: Bearer` or `X-Triage-Token`. */
      azureMonitor: z.strictObject({ token: secret.optional() }).optional(),
    })
    .default({}),
  /** The Slack app (`/slack/events` or Socket Mode); absent: no Slack ingress. */
  slack: slackConfigSchema.optional(),
});

/** Parsed gateway configuration (defaults applied). */
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
/** Gateway configuration as written (every key optional). */
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
