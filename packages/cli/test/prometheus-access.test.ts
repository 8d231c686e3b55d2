import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createPrometheusAccess } from '../src/prometheus-access.js';

describe('Prometheus access', () => {
  it('reads the URL and credentials from TRIAGE_PROMETHEUS_* and defaults the timeout', () => {
    const config = loadConfig({
      env: { TRIAGE_PROMETHEUS_URL: 'http://prometheus.monitoring:9090', TRIAGE_PROMETHEUS_TOKEN: 'tok' },
    });
    expect(config.prometheus).toEqual({
      url: 'http://prometheus.monitoring:9090',
      bearerToken: 'tok',
      timeoutMs: 15_000,
    });
  });

  it.each([
    [{ TRIAGE_PROMETHEUS_URL: 'prometheus:9090' }, /prometheus\.url/],
    [{ TRIAGE_PROMETHEUS_USERNAME: 'triage' }, /needs both prometheus\.username and prometheus\.password/],
    [
      { TRIAGE_PROMETHEUS_TOKEN: 't', TRIAGE_PROMETHEUS_USERNAME: 'u', TRIAGE_PROMETHEUS_PASSWORD: 'p' },
      /choose one of prometheus\.bearerToken/,
    ],
  ])('refuses a bad prometheus section, naming the key (%o)', (env, message) => {
    expect(() => loadConfig({ env })).toThrow(message);
  });

  it('gives playbooks no metrics client without a URL', () => {
    expect(createPrometheusAccess(loadConfig({ env: {} }).prometheus)).toEqual({});
  });

  it('gives playbooks a client that queries the configured Prometheus with basic auth', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"success","data":{"resultType":"scalar","result":[1795104000,"1"]}}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const config = loadConfig({
        env: {
          TRIAGE_PROMETHEUS_URL: `http://127.0.0.1:${port}`,
          TRIAGE_PROMETHEUS_USERNAME: 'triage',
          TRIAGE_PROMETHEUS_PASSWORD: 'pw',
        },
      });
      const { metrics } = createPrometheusAccess(config.prometheus);
      expect(await metrics?.query('1')).toEqual([{ labels: {}, points: [[1795104000, 1]] }]);
      expect(seen).toEqual([`Basic ${Buffer.from('triage:pw').toString('base64')}`]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
