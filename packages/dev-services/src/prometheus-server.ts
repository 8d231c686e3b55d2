import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from './free-port.js';

const run = promisify(execFile);

/** A real Prometheus (Debian package `prometheus`) serving backfilled history and scraping nothing. */
export interface PrometheusServer {
  url: string;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /**
   * History to load first, as OpenMetrics text with timestamps (see openMetricsText); turned into TSDB
   * blocks by `promtool tsdb create-blocks-from openmetrics`. Samples must lie within the retention
   * (30 d here), so make them relative to now.
   */
  openMetrics?: string;
}

/**
 * Starts Prometheus on a free loopback port with a throw-away data directory holding the backfilled
 * blocks. Stops it and removes the directory in `stop`. Needs `prometheus` and `promtool` on PATH.
 */
export async function startPrometheus(options: PrometheusOptions = {}): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'triage-prom-'));
  const data = join(dir, 'data');
  try {
    if (options.openMetrics !== undefined) {
      writeFileSync(join(dir, 'history.om'), options.openMetrics);
      await run(
        'promtool',
        ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', join(dir, 'history.om'), data],
        {
          timeout: 120_000,
          maxBuffer: 16 * 1024 * 1024,
        },
      ).catch((err: Error & { stderr?: string }) => {
        throw new Error(
          `promtool could not backfill (apt-get install prometheus): ${err.stderr || err.message}`,
        );
      });
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  evaluation_interval: 1m\nscrape_configs: []\n');
  const port = await freePort();
  const child = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${data}`,
      '--storage.tsdb.retention.time=30d',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err) =>
      reject(new Error(`cannot start prometheus (apt-get install prometheus): ${err.message}`)),
    );
    child.once('exit', (code) => reject(new Error(`prometheus exited with ${code} before it was ready`)));
  });
  failed.catch(() => {}); // after `ready`, exiting (on stop) is no failure
  try {
    await Promise.race([
      waitFor(async () => (await fetch(`${url}/-/ready`)).ok, 60_000, 'prometheus ready'),
      failed,
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}
