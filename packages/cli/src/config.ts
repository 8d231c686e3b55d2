import { readFileSync } from 'node:fs';
import { gatewayConfigSchema } from '@triage/gateway/config';
import { runnerConfigSchema } from '@triage/runner/config';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CliError } from './errors.js';
import { redisConfigSchema } from './redis-connection.js';

/** The whole configuration: one YAML file plus environment overrides. */
export const triageConfigSchema = z.strictObject({
  /** This cluster's name (signals that do not say theirs are about it). */
  cluster: z.string().min(1).default('default'),
  /** Standalone, Sentinel or Cluster; see redis-connection.ts. */
  redis: redisConfigSchema.prefault({}),
  kube: z
    .strictObject({
      kubeconfig: z.string().optional(),
      context: z.string().optional(),
      namespace: z.string().min(1).default('triage-system'),
      /** Image overrides for diagnostic pods (air-gapped registries); defaults in @triage/kube. */
      diagnosticImages: z
        .strictObject({
          ig: z.string().min(1),
          gadgetRepository: z.string().min(1),
          gadgetTag: z.string().min(1),
          windowsHostProcess: z.string().min(1),
        })
        .partial()
        .optional(),
    })
    .default({ namespace: 'triage-system' }),
  /** Azure Log Analytics for container logs (ctx.logs); without a workspace ID, playbooks say logs are unavailable. */
  logAnalytics: z
    .strictObject({
      workspaceId: z.string().min(1).optional(),
      /** Query API base URL including `/v1` (sovereign clouds, private links, tests); must be HTTPS. */
      endpoint: z.url().optional(),
    })
    .default({}),
  /** Prometheus for metric evidence and charts (ctx.metrics); without a URL, playbooks skip them. */
  prometheus: z
    .strictObject({
      /** Base URL, e.g. `http://prometheus.monitoring:9090`. */
      url: z.url({ protocol: /^https?$/ }).optional(),
      /** Bearer token (a proxy in front of Prometheus, Azure Monitor managed Prometheus). */
      bearerToken: z.string().min(1).optional(),
      /** Basic auth; both or neither. */
      username: z.string().min(1).optional(),
      password: z.string().min(1).optional(),
      timeoutMs: z.coerce.number().int().positive().default(15_000),
    })
    .refine((p) => !p.username === !p.password, {
      message: 'basic auth needs both prometheus.username and prometheus.password',
      path: ['username'],
    })
    .refine((p) => !(p.bearerToken && p.username), {
      message: 'choose one of prometheus.bearerToken and prometheus.username/password',
      path: ['bearerToken'],
    })
    .prefault({}),
  gateway: gatewayConfigSchema.default(gatewayConfigSchema.parse({})),
  /**
   * `triage worker` only (it has no gateway): serve /healthz, /readyz and /metrics on this port, for
   * Kubernetes probes and Prometheus, on `gateway.host`. Absent: the worker listens on nothing.
   */
  workerHealthPort: z.coerce.number().int().min(0).max(65_535).optional(),
  runner: runnerConfigSchema
    .omit({ cluster: true })
    .default(runnerConfigSchema.omit({ cluster: true }).parse({})),
  chat: z
    .strictObject({
      adapter: z.enum(['console', 'slack']).default('console'),
      /** Append every chat operation as JSON lines to this file (console adapter). */
      transcript: z.string().optional(),
      slack: z
        .strictObject({
          token: z.string().min(1),
          /** Web API base URL, e.g. a proxy or a test server (default Slack's). */
          apiUrl: z.url().optional(),
        })
        .optional(),
    })
    .refine((c) => c.adapter !== 'slack' || c.slack, {
      message: 'adapter slack needs chat.slack.token (SLACK_BOT_TOKEN)',
      path: ['slack'],
    })
    .default({ adapter: 'console' }),
});
export type TriageConfig = z.output<typeof triageConfigSchema>;

type Tree = Record<string, unknown>;

function setPath(tree: Tree, path: string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node[key] = typeof next === 'object' && next !== null ? next : {};
    node = node[key] as Tree;
  }
  node[path.at(-1) as string] = value;
}

/** Environment variables that operators and scripts rely on, and where each lands in the config. */
const ENV_KEYS: readonly [variable: string, path: string[]][] = [
  ['TRIAGE_CLUSTER', ['cluster']],
  ['REDIS_URL', ['redis', 'url']],
  ['REDIS_PASSWORD', ['redis', 'password']],
  ['REDIS_SENTINELS', ['redis', 'sentinels']],
  ['REDIS_SENTINEL_NAME', ['redis', 'sentinelName']],
  ['REDIS_SENTINEL_PASSWORD', ['redis', 'sentinelPassword']],
  ['REDIS_CLUSTER_NODES', ['redis', 'cluster']],
  ['TRIAGE_REDIS_PREFIX', ['redis', 'prefix']],
  ['REDIS_TLS', ['redis', 'tls']],
  ['REDIS_TLS_CA_FILE', ['redis', 'tls', 'caFile']],
  ['TRIAGE_PORT', ['gateway', 'port']],
  ['TRIAGE_WORKER_HEALTH_PORT', ['workerHealthPort']],
  ['TRIAGE_ALERTMANAGER_TOKEN', ['gateway', 'auth', 'alertmanager', 'bearerToken']],
  ['TRIAGE_AZURE_MONITOR_TOKEN', ['gateway', 'auth', 'azureMonitor', 'token']],
  ['TRIAGE_TRANSCRIPT', ['chat', 'transcript']],
  ['SLACK_BOT_TOKEN', ['chat', 'slack', 'token']],
  ['TRIAGE_SLACK_API_URL', ['chat', 'slack', 'apiUrl']],
  ['TRIAGE_SLACK_CHANNEL', ['runner', 'channel']],
  ['SLACK_SIGNING_SECRET', ['gateway', 'slack', 'signingSecret']],
  ['SLACK_APP_TOKEN', ['gateway', 'slack', 'appToken']],
  ['TRIAGE_SLACK_ALERTMANAGER_URL', ['gateway', 'slack', 'alertmanagerUrl']],
  ['TRIAGE_LOG_ANALYTICS_WORKSPACE_ID', ['logAnalytics', 'workspaceId']],
  ['TRIAGE_LOG_ANALYTICS_ENDPOINT', ['logAnalytics', 'endpoint']],
  ['TRIAGE_PROMETHEUS_URL', ['prometheus', 'url']],
  ['TRIAGE_PROMETHEUS_TOKEN', ['prometheus', 'bearerToken']],
  ['TRIAGE_PROMETHEUS_USERNAME', ['prometheus', 'username']],
  ['TRIAGE_PROMETHEUS_PASSWORD', ['prometheus', 'password']],
];

/**
 * Reads the YAML file (if any), applies environment overrides and validates the result once.
 * On failure throws a CliError that lists every bad key with what is wrong.
 *
 * @example loadConfig({ file: 'triage.yaml', env: process.env })
 */
export function loadConfig({ file, env }: { file?: string; env: NodeJS.ProcessEnv }): Readonly<TriageConfig> {
  let tree: Tree = {};
  if (file) {
    try {
      tree = (parseYaml(readFileSync(file, 'utf8')) as Tree | null) ?? {};
    } catch (err) {
      throw new CliError(
        'TRIAGE_ERR_CLI_CONFIG',
        `cannot read config file ${file}: ${(err as Error).message}`,
      );
    }
  }
  for (const [variable, path] of ENV_KEYS) {
    const value = env[variable];
    if (value !== undefined && value !== '') setPath(tree, path, value);
  }
  if (env.SLACK_BOT_TOKEN && !(tree.chat as Tree | undefined)?.adapter)
    setPath(tree, ['chat', 'adapter'], 'slack');
  const parsed = triageConfigSchema.safeParse(tree);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CliError(
      'TRIAGE_ERR_CLI_CONFIG',
      `invalid configuration${file ? ` in ${file}` : ''}:\n${lines.join('\n')}`,
    );
  }
  const config = parsed.data;
  config.gateway.defaultCluster = config.cluster;
  // The Slack app handles the controls under findings: post them unless the file says not to.
  if (config.gateway.slack && (tree.runner as Tree | undefined)?.chatActions === undefined)
    config.runner.chatActions = true;
  return Object.freeze(config);
}
