/*
 * The HTTP baseline: a bare Fastify route that does the same database writes as
 * POST /api/v1/cases/:id/events with RECORD_STATEMENT — read the case, update it with a revision
 * check (new snapshot with the statement appended), insert the hash-chained history row — in one
 * transaction, with the database driver directly. No Nest, no auth, no validation, no XState.
 * Env: PORT, HOST, and DATABASE_PATH (SQLite) or DATABASE_URL (PostgreSQL).
 */
import Fastify from 'fastify';
import { chainHash } from '../src/engine/history/hash-chain';
import { canonicalJson } from '../src/engine/history/canonical-json';
import { rawWriter } from './lib/raw-writer';

async function main(): Promise<void> {
  const writer = await rawWriter({
    DATABASE_PATH: process.env.DATABASE_PATH,
    DATABASE_URL: process.env.DATABASE_URL,
  });
  const app = Fastify({ logger: false });
  if (process.env.SERVER_TIMING === 'true') {
    // The same total and t0 as the service's Server-Timing (src/http/server-timing.ts).
    app.addHook('onRequest', async (request) => {
      (request as unknown as { t0: number }).t0 = performance.now();
    });
    app.addHook('onSend', async (request, reply) => {
      const t0 = (request as unknown as { t0: number }).t0;
      reply.header(
        'Server-Timing',
        `total;dur=${(performance.now() - t0).toFixed(2)}, t0;dur=${(performance.timeOrigin + t0).toFixed(3)}`,
      );
    });
  }
  app.get('/api/v1/health', async () => {
    await writer.ping();
    return { status: 'ok' };
  });
  app.post<{ Params: { id: string }; Body: { type: string; payload: { statement: string } } }>(
    '/api/v1/cases/:id/events',
    async (request, reply) => {
      const { id } = request.params;
      const { type, payload } = request.body;
      const at = new Date().toISOString();
      const actor = 'bench-officer';
      const result = await writer.apply(id, (row) => {
        const snapshot = JSON.parse(row.snapshot) as { context: { statements: unknown[] } };
        snapshot.context.statements.push({ kind: 'statement', text: payload.statement, at, actor });
        const fields = {
          caseId: id,
          seq: row.revision + 1,
          type,
          payload: canonicalJson(payload),
          actorSub: actor,
          actorRoles: canonicalJson(['officer']),
          fromState: row.state,
          toState: row.state,
          at,
          prevHash: row.head_hash,
        };
        return {
          snapshot: canonicalJson(snapshot),
          state: row.state,
          at,
          history: { ...fields, hash: chainHash(fields) },
        };
      });
      if (!result) return reply.status(404).send({ statusCode: 404, error: 'Not Found' });
      return result;
    },
  );
  await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
  const stop = () =>
    void app
      .close()
      .then(() => writer.close())
      .then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`bare server: ${error.stack}\n`);
  process.exit(1);
});
