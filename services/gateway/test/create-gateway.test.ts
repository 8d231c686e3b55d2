import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createGateway, redactUrl } from '../src/create-gateway.js';
import { GatewayError } from '../src/errors.js';
import { FakeIntake } from './support/fake-intake.js';
import { fixtureText } from './support/fixtures.js';
import { AM, AZURE, gatewayPerTest, postJson } from './support/gateway.js';

const setup = gatewayPerTest();

function memoryLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: pino({ level: 'info' }, stream), text: () => lines.join('') };
}

describe('request limits', () => {
  it('answers 413 with the limit for a 2 MiB body and stores nothing', async () => {
    const { app, intake } = setup();
    const huge = JSON.stringify({ version: '4', junk: 'x'.repeat(2 * 1024 * 1024) });
    const response = await postJson(app, AM, huge);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({
      code: 'TRIAGE_ERR_GATEWAY_BODY_TOO_LARGE',
      message: 'request body is larger than the 1048576-byte limit',
    });
    expect(intake.batches).toHaveLength(0);
  });

  it('honours a configured body limit', async () => {
    const { app } = setup({ bodyLimit: 1000 });
    expect((await postJson(app, AM, fixtureText('alertmanager', 'firing-group'))).statusCode).toBe(413);
  });

  it('answers 415 to a body that is not JSON', async () => {
    const { app } = setup();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const response = await app.inject({
        method: 'POST',
        url: AZURE,
        headers: { 'content-type': contentType },
        payload: 'a=b',
      });
      expect(response.statusCode).toBe(415);
      expect(response.json().code).toBe('TRIAGE_ERR_GATEWAY_UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('answers 415 to a request without a body', async () => {
    const { app } = setup();
    expect((await app.inject({ method: 'POST', url: AM })).statusCode).toBe(415);
  });

  it('answers 400 to JSON that does not parse, and to an empty JSON body', async () => {
    const { app } = setup();
    const broken = await postJson(app, AM, '{"version": "4",');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('TRIAGE_ERR_GATEWAY_INVALID_JSON');
    expect((await postJson(app, AM, '')).statusCode).toBe(400);
  });

  it('answers 400 to deeply nested junk without parsing it', async () => {
    const { app, intake } = setup();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const response = await postJson(app, AZURE, deep);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('JSON nests deeper than 64 levels');
    const inStrings = JSON.stringify({ version: '4', note: '['.repeat(1000) });
    expect((await postJson(app, AM, inStrings)).json().message).not.toContain('nests deeper');
    expect(intake.batches).toHaveLength(0);
  });

  it.each([
    ['alertmanager', AM, 'hostile-proto-pollution'],
    ['alertmanager', AM, 'hostile-constructor-prototype'],
    ['azure-monitor', AZURE, 'hostile-proto-pollution'],
  ] as const)(
    'answers 400 to prototype-pollution keys (%s %s) and pollutes nothing',
    async (source, url, name) => {
      const { app, intake } = setup();
      const response = await postJson(app, url, fixtureText(source, name));
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toContain('forbidden prototype property');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(intake.batches).toHaveLength(0);
    },
  );

  it('answers unknown routes with a JSON 404 that does not echo the query', async () => {
    const { app } = setup();
    const response = await app.inject({ method: 'GET', url: '/v1/alerts/nope?token=s3cr3t' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      statusCode: 404,
      code: 'TRIAGE_ERR_GATEWAY_NOT_FOUND',
      message: 'no route GET /v1/alerts/nope',
    });
  });
});

describe('createGateway', () => {
  it('refuses a bad config, naming each bad key', () => {
    const build = () =>
      createGateway({
        config: {
          port: 'eighty',
          auth: { alertmanager: { bearerToken: 'a', basic: { username: 'u', password: 'p' } } },
        },
        intake: new FakeIntake(),
      });
    expect(build).toThrow(GatewayError);
    expect(build).toThrow(
      /port: expected number.*auth\.alertmanager: set either bearerToken or basic, not both/,
    );
  });

  it('never logs the Azure Monitor token of the query string', async () => {
    const { logger, text } = memoryLogger();
    const { app } = setup({ auth: { azureMonitor: { token: 'tok-8f3a9c' } } }, { logger });
    await postJson(app, `${AZURE}?token=tok-8f3a9c`, fixtureText('azure-monitor', 'metric-fired-aks'));
    await postJson(app, `${AZURE}?token=wrong-4d2e1b`, fixtureText('azure-monitor', 'metric-fired-aks'));
    expect(text()).toContain('token=[redacted]');
    expect(text()).not.toContain('tok-8f3a9c');
    expect(text()).not.toContain('wrong-4d2e1b');
  });

  it('warns once at start for each alert route without credentials', async () => {
    const { logger, text } = memoryLogger();
    const { app } = setup({ auth: { alertmanager: { bearerToken: 't' } } }, { logger });
    await app.ready();
    await app.inject({ method: 'GET', url: '/healthz' });
    expect(text().match(/accepts unauthenticated requests/g)).toHaveLength(1);
    expect(text()).toContain('no Azure Monitor token configured');
  });
});

describe('redactUrl', () => {
  it('hides every token parameter and keeps the rest', () => {
    expect(redactUrl('/v1/alerts/azure-monitor?a=1&token=abc&TOKEN=def#x')).toBe(
      '/v1/alerts/azure-monitor?a=1&token=[redacted]&TOKEN=[redacted]#x',
    );
  });
});
