import type { FastifyInstance, FastifyRequest } from 'fastify';

type Timed = FastifyRequest & { timingStart?: number; timing?: Record<string, number> };

/** Adds a named duration (ms) to the request's Server-Timing record; summed when named twice. */
export function markTiming(request: FastifyRequest, name: string, ms: number): void {
  const timed = request as Timed;
  timed.timing ??= {};
  timed.timing[name] = (timed.timing[name] ?? 0) + ms;
}

/**
 * `Server-Timing: auth;dur=0.21, validate;dur=0.4, queue;dur=12.5, tx;dur=1.9, view;dur=2.2, total;dur=18.3,
 * t0;dur=<epoch ms>`: where a request's time went inside the service, from the moment Fastify saw it
 * (t0) to its answer.
 * Only when SERVER_TIMING=true (load tests, diagnosis).
 */
export function serverTiming(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    (request as Timed).timingStart = performance.now();
  });
  app.addHook('onSend', async (request, reply) => {
    const timed = request as Timed;
    if (timed.timingStart === undefined) return;
    const parts = Object.entries(timed.timing ?? {}).map(([k, v]) => `${k};dur=${v.toFixed(2)}`);
    parts.push(`total;dur=${(performance.now() - timed.timingStart).toFixed(2)}`);
    // When Fastify saw the request (ms since the epoch): the load generator, on the same machine,
    // sets it against the moment it wrote the request and the moment the answer arrived.
    parts.push(`t0;dur=${(performance.timeOrigin + timed.timingStart).toFixed(3)}`);
    reply.header('Server-Timing', parts.join(', '));
  });
}
