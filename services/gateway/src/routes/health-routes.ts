import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { SignalIntake } from '../signal-intake.js';
import { withDeadline } from '../with-deadline.js';

const READY_TIMEOUT_MS = 1000;

/** `/healthz` (the process answers), `/readyz` (the queue answers within 1 s) and `/metrics`. */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { intake: SignalIntake; registry: Registry },
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const ready = await withDeadline(
      deps.intake.isReady(),
      READY_TIMEOUT_MS,
      () => new Error('readiness check timed out'),
    ).catch(() => false);
    if (ready) return { status: 'ready' };
    return reply
      .code(503)
      .send({ status: 'unavailable', message: 'the signal queue (Redis) does not answer' });
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await deps.registry.metrics();
    return reply.type(deps.registry.contentType).send(text);
  });
}
