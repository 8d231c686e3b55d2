import { type StartSimulatorOptions, startSimulator } from './start-simulator.js';

/** Arguments of `triage sim <scenario-dir-or-name> [--port N]`. */
export interface SimCommandOptions {
  scenario: string;
  port?: number;
  /** Keep recorded timestamps as they are (default: shift so the newest is now). */
  keepTimestamps?: boolean;
}

/** Where the command writes and how it learns to stop; defaults to stdout and SIGINT/SIGTERM. */
export interface SimCommandIo {
  write(line: string): void;
  waitForStop(): Promise<void>;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

const defaultIo: SimCommandIo = {
  write: (line) => process.stdout.write(`${line}\n`),
  waitForStop: waitForSignal,
};

/**
 * Runs the simulator for `triage sim`: starts it, prints the kubeconfig path (first line, alone, so
 * scripts can read it) and how to use it, then serves until SIGINT/SIGTERM and cleans up.
 * @throws SimulatorConfigError / ScenarioError for unknown scenarios or bad scenario files.
 */
export async function simCommand(options: SimCommandOptions, io: SimCommandIo = defaultIo): Promise<void> {
  const start: StartSimulatorOptions = {
    scenario: options.scenario,
    shiftTimestamps: !options.keepTimestamps,
  };
  if (options.port !== undefined) start.port = options.port;
  const sim = await startSimulator(start);
  try {
    io.write(sim.kubeconfigPath);
    io.write(`cluster simulator for "${options.scenario}" listening on ${sim.url}`);
    io.write(`try: kubectl --kubeconfig ${sim.kubeconfigPath} get nodes`);
    await io.waitForStop();
  } finally {
    await sim.close();
  }
}
