import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Registry } from 'prom-client';
import { afterEach } from 'vitest';
import { createGateway, type GatewayDeps } from '../../src/create-gateway.js';
import type { GatewayConfigInput } from '../../src/gateway-config.js';
import { FakeIntake } from './fake-intake.js';

export const NOW = '2025-03-04T08:30:00.000Z';
export const AM = '/v1/alerts/alertmanager';
export const AZURE = '/v1/alerts/azure-monitor';

/** A gateway on a fake intake, a fresh registry and a fixed clock; `app.close()` after use. */
export function gatewayWith(config: GatewayConfigInput = {}, extra: Partial<GatewayDeps> = {}) {
  const intake = new FakeIntake();
  const registry = new Registry();
  const app = createGateway({ config, intake, metrics: registry, clock: () => new Date(NOW), ...extra });
  return { app, intake, registry };
}

/** A `setup` making {@link gatewayWith} gateways that are closed after each test. */
export function gatewayPerTest(): (
  ...args: Parameters<typeof gatewayWith>
) => ReturnType<typeof gatewayWith> {
  let current: ReturnType<typeof gatewayWith> | undefined;
  afterEach(async () => {
    await current?.app.close();
    current = undefined;
  });
  return (...args) => {
    current = gatewayWith(...args);
    return current;
  };
}

/** POSTs `body` (a string is sent as is) as JSON. */
export function postJson(
  app: FastifyInstance,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
