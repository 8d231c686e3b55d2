// Runs in a child process, because Node reads NODE_EXTRA_CA_CERTS only at start-up: the parent test
// passes the endpoint, the self-signed CA and IDENTITY_ENDPOINT/IDENTITY_HEADER through the environment,
// and this script uses the production client and credential chain (DefaultAzureCredential) unchanged.
// Input: one JSON argument; output: one JSON line on stdout.
import {
  type ContainerLogsError,
  containerLogsParams,
  containerLogsPlaybook,
  createLogAnalyticsClient,
  isRetryableLogError,
} from '../../src/index.js';
import { contextFor } from '../playbook-context.js';

interface ChildInput {
  endpoint: string;
  defaultWorkspaceId: string;
  maxRetries: number;
  /** `maxRetries` per query overrides the input's (a client per value). */
  queries?: { workspaceId?: string; kql: string; timespan: string; rowLimit: number; maxRetries?: number }[];
  runs?: Record<string, unknown>[];
}

const input = JSON.parse(process.argv[2] as string) as ChildInput;
const clients = new Map<number, ReturnType<typeof createLogAnalyticsClient>>();
const clientFor = (maxRetries: number) => {
  let client = clients.get(maxRetries);
  if (!client) {
    client = createLogAnalyticsClient({
      endpoint: input.endpoint,
      defaultWorkspaceId: input.defaultWorkspaceId,
      maxRetries,
    });
    clients.set(maxRetries, client);
  }
  return client;
};
const logs = clientFor(input.maxRetries);

const results: unknown[] = [];
for (const q of input.queries ?? []) {
  try {
    results.push(
      await clientFor(q.maxRetries ?? input.maxRetries).query(q.workspaceId, q.kql, {
        timespan: q.timespan,
        rowLimit: q.rowLimit,
      }),
    );
  } catch (err) {
    const { code, message, status, retryAfterSeconds } = err as ContainerLogsError;
    results.push({
      error: { code, message, status, retryAfterSeconds, retryable: isRetryableLogError(err) },
    });
  }
}
const findings: unknown[] = [];
for (const params of input.runs ?? []) {
  findings.push(await containerLogsPlaybook.run(contextFor(logs), containerLogsParams.parse(params)));
}
process.stdout.write(`${JSON.stringify({ results, findings })}\n`);
