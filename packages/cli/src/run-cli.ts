import { loadConfig, type TriageConfig } from './config.js';
import { CliError } from './errors.js';
import { createLogger } from './logger.js';

const USAGE = `usage: triage <command> [options]

  serve      [--config FILE] [--socket-mode]
                                  gateway + worker in one process (the embedded default)
  gateway    [--config FILE] [--socket-mode]
                                  HTTP ingress only (scale out); --socket-mode takes Slack over Socket Mode
  worker     [--config FILE]      playbook runner only (scale out)
  playbooks                       list playbooks and their parameters
  run PLAYBOOK [--PARAM VALUE]... [--json] [--config FILE] [--context NAME]
                                  run one playbook against the current kubeconfig context
  audit [--count N] [--json]      the newest Slack commands and button presses (who, where, what, outcome)
  sim SCENARIO [--port N]         start the cluster simulator (scenario name or directory)
  demo [SCENARIO]                 simulator + local Redis + console chat, playing a seed incident

Configuration: --config FILE or TRIAGE_CONFIG, then environment overrides (REDIS_URL, KUBECONFIG,
TRIAGE_PORT, TRIAGE_CLUSTER, TRIAGE_ALERTMANAGER_TOKEN, TRIAGE_AZURE_MONITOR_TOKEN, TRIAGE_TRANSCRIPT,
SLACK_BOT_TOKEN, TRIAGE_SLACK_CHANNEL, TRIAGE_SLACK_API_URL, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN,
TRIAGE_SLACK_ALERTMANAGER_URL).
`;

/** Takes `--name value` options the command itself owns out of `args`; the rest is returned as is. */
function takeOptions(args: string[], names: readonly string[], flags: readonly string[] = []) {
  const options: Record<string, string> = {};
  const set = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const name = arg.replace(/^--/, '').split('=')[0] as string;
    if (arg.startsWith('--') && flags.includes(name)) set.add(name);
    else if (arg.startsWith('--') && names.includes(name)) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (value === undefined) throw new CliError('TRIAGE_ERR_CLI_USAGE', `--${name} needs a value`);
      options[name] = value;
    } else rest.push(arg);
  }
  return { options, flags: set, rest };
}

/** `--socket-mode`: Slack over Socket Mode (no ingress needed); needs the Slack app and SLACK_APP_TOKEN. */
export function withSocketMode(config: TriageConfig): TriageConfig {
  const slack = config.gateway.slack;
  if (!slack?.appToken)
    throw new CliError(
      'TRIAGE_ERR_CLI_CONFIG',
      '--socket-mode needs SLACK_SIGNING_SECRET and SLACK_APP_TOKEN (an app-level token, xapp-…, with connections:write)',
    );
  return { ...config, gateway: { ...config.gateway, slack: { ...slack, socketMode: true } } };
}

/** The scenario `triage demo` plays unless told otherwise. */
const DEFAULT_DEMO_SCENARIO = 'node-notready-memory';

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code. Commands load their
 * modules on demand, so `triage run` does not pay for the gateway, queue and chat clients.
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'serve':
    case 'gateway':
    case 'worker': {
      const { options, flags } = takeOptions(args, ['config'], ['socket-mode']);
      const loaded = loadConfig({ file: options.config ?? env.TRIAGE_CONFIG, env });
      const config = flags.has('socket-mode') ? withSocketMode(loaded) : loaded;
      const roles = { gateway: command !== 'worker', worker: command !== 'gateway' };
      const { serveCommand } = await import('./commands/serve-command.js');
      await serveCommand(config, roles, createLogger(env));
      return 0;
    }
    case 'playbooks':
      (await import('./commands/playbooks-command.js')).playbooksCommand();
      return 0;
    case 'audit': {
      const { options, flags } = takeOptions(args, ['config', 'count'], ['json']);
      const count = Number(options.count ?? 50);
      if (!Number.isInteger(count) || count < 1 || count > 10_000)
        throw new CliError('TRIAGE_ERR_CLI_USAGE', '--count must be a whole number from 1 to 10000');
      const config = loadConfig({ file: options.config ?? env.TRIAGE_CONFIG, env });
      const { auditCommand } = await import('./commands/audit-command.js');
      await auditCommand(config, { count, json: flags.has('json') });
      return 0;
    }
    case 'run': {
      const [playbook, ...rest] = args;
      if (!playbook || playbook.startsWith('--'))
        throw new CliError('TRIAGE_ERR_CLI_USAGE', 'run needs a playbook name (see triage playbooks)');
      const { parseParams, runCommand } = await import('./commands/run-command.js');
      const {
        options,
        flags,
        rest: paramArgs,
      } = takeOptions(rest, ['config', 'context', 'kubeconfig'], ['json']);
      const config = loadConfig({ file: options.config ?? env.TRIAGE_CONFIG, env });
      await runCommand(
        {
          playbook,
          params: parseParams(paramArgs),
          json: flags.has('json'),
          kube: {
            ...config.kube,
            kubeconfig: options.kubeconfig ?? config.kube.kubeconfig,
            context: options.context ?? config.kube.context,
          },
          logAnalytics: config.logAnalytics,
          prometheus: config.prometheus,
          cluster: config.cluster,
          timeoutMs: config.runner.playbookTimeoutMs,
        },
        createLogger(env, flags.has('json') ? 'warn' : (env.TRIAGE_LOG_LEVEL ?? 'warn')),
      );
      return 0;
    }
    case 'sim': {
      const { options, rest } = takeOptions(args, ['port']);
      const [scenario] = rest;
      if (!scenario) throw new CliError('TRIAGE_ERR_CLI_USAGE', 'sim needs a scenario name or directory');
      const { simCommand } = await import('@triage/cluster-sim');
      await simCommand({ scenario, port: options.port ? Number(options.port) : undefined });
      return 0;
    }
    case 'demo': {
      const { demoCommand } = await import('./demo/demo-command.js');
      await demoCommand(
        args[0] ?? DEFAULT_DEMO_SCENARIO,
        env,
        createLogger(env, env.TRIAGE_LOG_LEVEL ?? 'warn'),
      );
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`triage: unknown command ${command}\n\n${USAGE}`);
      return 2;
  }
}
