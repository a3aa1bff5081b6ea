/*
 * The second HTTP baseline, the floor: `node:http` and the database driver, nothing else. Per request
 * it reads the body (the same JSON as an event), does one read (the case's row by id) and one write
 * (the body appended to a table of its own, committed on its own) and answers {id, state, revision}.
 * No framework, no routing library, no auth, no validation, no hash chain, no XState.
 * Env: PORT, HOST, and DATABASE_PATH (SQLite, better-sqlite3) or DATABASE_URL (PostgreSQL, pg).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type BetterSqlite3 from 'better-sqlite3';
import { Pool } from 'pg';

interface Store {
  readWrite(id: string, body: string): Promise<{ state: string; revision: number } | null>;
  close(): Promise<void>;
}

const TABLE = 'bench_bare_write';
const SELECT = 'SELECT state, revision FROM "case" WHERE id = ?';
const INSERT = `INSERT INTO ${TABLE} (case_id, body) VALUES (?, ?)`;

async function openStore(): Promise<Store> {
  if (process.env.DATABASE_URL) {
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
    await pool.query(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (id bigserial PRIMARY KEY, case_id text, body text)`,
    );
    const select = { name: 'bare-select', text: SELECT.replace('?', '$1') };
    const insert = { name: 'bare-insert', text: INSERT.replace('?', '$1').replace('?', '$2') };
    return {
      async readWrite(id, body) {
        const { rows } = await pool.query<{ state: string; revision: number }>({ ...select, values: [id] });
        if (!rows.length) return null;
        await pool.query({ ...insert, values: [id, body] });
        return rows[0];
      },
      close: () => pool.end(),
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(process.env.DATABASE_PATH!);
  // The service's pragmas (src/engine/persistence): WAL, synchronous NORMAL.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT, body TEXT)`,
  );
  const select = db.prepare(SELECT);
  const insert = db.prepare(INSERT);
  return {
    async readWrite(id, body) {
      const row = select.get(id) as { state: string; revision: number } | undefined;
      if (!row) return null;
      insert.run(id, body);
      return row;
    },
    async close() {
      db.close();
    },
  };
}

const ROUTE = /^\/api\/v1\/cases\/([^/]+)\/events$/;

async function main(): Promise<void> {
  const store = await openStore();
  const timing = process.env.SERVER_TIMING === 'true';
  const send = (res: ServerResponse, status: number, body: unknown, t0: number) => {
    const text = JSON.stringify(body);
    const headers: Record<string, string | number> = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    };
    if (timing)
      headers['server-timing'] =
        `total;dur=${(performance.now() - t0).toFixed(2)}, t0;dur=${(performance.timeOrigin + t0).toFixed(3)}`;
    res.writeHead(status, headers);
    res.end(text);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse, t0: number, body: string) => {
    if (req.method === 'GET' && req.url === '/api/v1/health') return send(res, 200, { status: 'ok' }, t0);
    const match = req.method === 'POST' ? ROUTE.exec(req.url ?? '') : null;
    if (!match) return send(res, 404, { statusCode: 404, error: 'Not Found' }, t0);
    const event = JSON.parse(body) as { type?: unknown };
    if (typeof event.type !== 'string') return send(res, 400, { statusCode: 400, error: 'Bad Request' }, t0);
    const row = await store.readWrite(match[1], body);
    if (!row) return send(res, 404, { statusCode: 404, error: 'Not Found' }, t0);
    send(res, 200, { id: match[1], state: row.state, revision: row.revision }, t0);
  };
  const server = createServer((req, res) => {
    const t0 = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, t0, Buffer.concat(chunks).toString('utf8')).catch((error: Error) =>
        send(res, 500, { statusCode: 500, error: error.message }, t0),
      );
    });
  });
  server.keepAliveTimeout = 72_000;
  await new Promise<void>((resolve) =>
    server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', resolve),
  );
  const stop = () => {
    server.closeAllConnections();
    server.close(() => void store.close().then(() => process.exit(0)));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`bare node:http server: ${error.stack}\n`);
  process.exit(1);
});
