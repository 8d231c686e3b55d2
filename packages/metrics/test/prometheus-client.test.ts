import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPrometheusClient,
  isRetryableMetricsError,
  MetricsError,
  metricsErrorCodes,
} from '../src/index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`fixtures/prometheus/${name}.json`, import.meta.url), 'utf8');

interface Seen {
  path: string;
  headers: IncomingMessage['headers'];
  form: URLSearchParams;
}

let server: Server | undefined;

/** A real HTTP server standing in for Prometheus: answers every request with `status` and `body`. */
async function fakePrometheus(status: number, body: string | ((seen: Seen) => string)) {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const entry = { path: req.url ?? '', headers: req.headers, form: new URLSearchParams(raw) };
      seen.push(entry);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'function' ? body(entry) : body);
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen };
}

afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((r) => running.close(r));
});

const hour = {
  start: new Date('2026-11-22T10:00:00Z'),
  end: new Date('2026-11-22T11:00:00Z'),
  stepSeconds: 60,
};

async function failure(promise: Promise<unknown>): Promise<MetricsError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MetricsError);
  return err as MetricsError;
}

describe('createPrometheusClient', () => {
  it('posts a range query with start, end and step and returns each series with numeric points', async () => {
    const prom = await fakePrometheus(200, fixture('query-range-matrix'));
    const metrics = createPrometheusClient({ url: prom.url });
    const series = await metrics.queryRange('node_memory_MemAvailable_bytes', hour);
    expect(prom.seen[0]?.path).toBe('/api/v1/query_range');
    expect(Object.fromEntries(prom.seen[0]?.form ?? [])).toMatchObject({
      query: 'node_memory_MemAvailable_bytes',
      start: String(hour.start.getTime() / 1000),
      end: String(hour.end.getTime() / 1000),
      step: '60',
      timeout: '15s',
    });
    expect(series).toHaveLength(2);
    expect(series[0]?.labels.instance).toBe('aks-np1-0:9100');
    // NaN and +Inf samples are dropped, the rest become numbers.
    expect(series[0]?.points).toEqual([
      [1795100400, 4294967296],
      [1795100460, 2147483648],
      [1795100580, 1073741824],
    ]);
    expect(series[1]?.points).toEqual([[1795100400, 8589934592]]);
  });

  it('keeps a path prefix in the base URL', async () => {
    const prom = await fakePrometheus(200, fixture('query-vector'));
    await createPrometheusClient({ url: `${prom.url}/prometheus` }).query('up');
    expect(prom.seen[0]?.path).toBe('/prometheus/api/v1/query');
  });

  it('answers an instant query with one point per series, at the time asked for', async () => {
    const prom = await fakePrometheus(200, fixture('query-vector'));
    const series = await createPrometheusClient({ url: prom.url }).query('up', {
      time: new Date('2026-11-22T11:00:00Z'),
    });
    expect(prom.seen[0]?.form.get('time')).toBe(String(Date.parse('2026-11-22T11:00:00Z') / 1000));
    expect(series).toEqual([{ labels: { instance: 'aks-np1-0:9100' }, points: [[1795104000.5, 0.93]] }]);
  });

  it('turns a scalar answer into one series without labels', async () => {
    const prom = await fakePrometheus(200, fixture('query-scalar'));
    expect(await createPrometheusClient({ url: prom.url }).query('scalar(1)')).toEqual([
      { labels: {}, points: [[1795104000, 42]] },
    ]);
  });

  it('sends a bearer token or basic credentials', async () => {
    const prom = await fakePrometheus(200, fixture('query-scalar'));
    await createPrometheusClient({ url: prom.url, auth: { type: 'bearer', token: 's3cret' } }).query('1');
    await createPrometheusClient({
      url: prom.url,
      auth: { type: 'basic', username: 'triage', password: 'p@ss' },
    }).query('1');
    expect(prom.seen[0]?.headers.authorization).toBe('Bearer s3cret');
    expect(prom.seen[1]?.headers.authorization).toBe(
      `Basic ${Buffer.from('triage:p@ss').toString('base64')}`,
    );
  });

  it('reports a PromQL error with Prometheus own words and the bad-query code', async () => {
    const prom = await fakePrometheus(400, fixture('error-bad-data'));
    const err = await failure(createPrometheusClient({ url: prom.url }).query('up{'));
    expect(err.code).toBe(metricsErrorCodes.badQuery);
    expect(err.status).toBe(400);
    expect(err.message).toContain('bad_data: 1:5: parse error');
    expect(isRetryableMetricsError(err)).toBe(false);
  });

  it('reports refused credentials without repeating them', async () => {
    const prom = await fakePrometheus(401, 'Unauthorized\n');
    const err = await failure(
      createPrometheusClient({ url: prom.url, auth: { type: 'bearer', token: 'top-secret-token' } }).query(
        'up',
      ),
    );
    expect(err.code).toBe(metricsErrorCodes.unauthorized);
    expect(err.message).toContain('HTTP 401: Unauthorized');
    expect(err.message).not.toContain('top-secret-token');
  });

  it('calls a 503 a server error worth retrying', async () => {
    const prom = await fakePrometheus(503, 'Service Unavailable');
    const err = await failure(createPrometheusClient({ url: prom.url }).query('up'));
    expect(err.code).toBe(metricsErrorCodes.serverError);
    expect(isRetryableMetricsError(err)).toBe(true);
  });

  it.each([
    ['malformed-values-not-strings', 'data.result.0.values.0.1'],
    ['hostile-unknown-result-type', 'data.resultType'],
  ])('rejects an answer that is not the documented shape (%s)', async (name, path) => {
    const prom = await fakePrometheus(200, fixture(name));
    const err = await failure(createPrometheusClient({ url: prom.url }).queryRange('up', hour));
    expect(err.code).toBe(metricsErrorCodes.badResponse);
    expect(err.message).toContain(path);
  });

  it('rejects an answer that is not JSON', async () => {
    const prom = await fakePrometheus(200, '<html>login</html>');
    const err = await failure(createPrometheusClient({ url: prom.url }).query('up'));
    expect(err.code).toBe(metricsErrorCodes.serverError);
    expect(err.message).toContain('<html>login</html>');
  });

  it('fails on more series than the limit, naming the limit', async () => {
    const prom = await fakePrometheus(200, fixture('query-range-matrix'));
    const err = await failure(createPrometheusClient({ url: prom.url, maxSeries: 1 }).queryRange('up', hour));
    expect(err.code).toBe(metricsErrorCodes.tooManySeries);
    expect(err.message).toContain('2 series, more than the limit of 1');
  });

  it('refuses a range query with too many points before sending it, suggesting a step', async () => {
    const prom = await fakePrometheus(200, fixture('query-range-matrix'));
    const metrics = createPrometheusClient({ url: prom.url, maxPointsPerSeries: 30 });
    const err = await failure(metrics.queryRange('up', hour));
    expect(err.code).toBe(metricsErrorCodes.tooManyPoints);
    expect(err.message).toContain('use a step of at least 125 s');
    expect(prom.seen).toHaveLength(0);
  });

  it('fails on an answer larger than the byte limit', async () => {
    const prom = await fakePrometheus(200, fixture('query-range-matrix'));
    const err = await failure(
      createPrometheusClient({ url: prom.url, maxResponseBytes: 100 }).queryRange('up', hour),
    );
    expect(err.code).toBe(metricsErrorCodes.badResponse);
    expect(err.message).toContain('larger than 100 bytes');
  });

  it('times out a Prometheus that does not answer', async () => {
    server = createServer(() => {});
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const err = await failure(createPrometheusClient({ url, timeoutMs: 200 }).query('up'));
    expect(err.code).toBe(metricsErrorCodes.timeout);
    expect(isRetryableMetricsError(err)).toBe(true);
  });

  it('says it was cancelled when the caller aborts', async () => {
    server = createServer(() => {});
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const err = await failure(createPrometheusClient({ url }).query('up', { signal: AbortSignal.abort() }));
    expect(err.code).toBe(metricsErrorCodes.aborted);
  });

  it('says Prometheus is unreachable when nothing listens', async () => {
    const prom = await fakePrometheus(200, '');
    server?.close();
    const err = await failure(createPrometheusClient({ url: prom.url }).query('up'));
    expect(err.code).toBe(metricsErrorCodes.unreachable);
    expect(err.message).toContain(prom.url);
  });

  it.each([
    ['not a url', 'is not a URL'],
    ['ftp://prometheus:21', 'must be http(s)'],
    ['http://user:pw@prometheus:9090', 'not in the URL'],
  ])('refuses the configuration %s', (url, message) => {
    expect(() => createPrometheusClient({ url })).toThrow(message);
  });
});
