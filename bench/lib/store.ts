/*
 * The benchmark's own databases: a SQLite file in a temp folder per scenario, or — with
 * DATABASE_URL — a database of its own on that PostgreSQL server, created here and dropped at
 * the end. Schema by the application's own migrations; bulk loads go around the application.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { Client as PgClient, Pool as PgPool } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/engine/persistence/data-source.options';

export type ColumnType = 'text' | 'int' | 'bool';
export interface TableSpec {
  name: string;
  columns: [string, ColumnType][];
}

export const CASE_TABLE: TableSpec = {
  name: 'case',
  columns: [
    ['id', 'text'],
    ['workflow', 'text'],
    ['workflow_version', 'int'],
    ['business_key', 'text'],
    ['title', 'text'],
    ['subject_id', 'text'],
    ['unit_id', 'text'],
    ['state', 'text'],
    ['status', 'text'],
    ['outcome', 'text'],
    ['snapshot', 'text'],
    ['revision', 'int'],
    ['head_hash', 'text'],
    ['created_at', 'text'],
    ['updated_at', 'text'],
  ],
};

export const TRANSITION_TABLE: TableSpec = {
  name: 'transition',
  columns: [
    ['case_id', 'text'],
    ['seq', 'int'],
    ['type', 'text'],
    ['payload', 'text'],
    ['actor_sub', 'text'],
    ['actor_roles', 'text'],
    ['from_state', 'text'],
    ['to_state', 'text'],
    ['at', 'text'],
    ['prev_hash', 'text'],
    ['hash', 'text'],
  ],
};

export const DEADLINE_TABLE: TableSpec = {
  name: 'deadline',
  columns: [
    ['id', 'text'],
    ['case_id', 'text'],
    ['kind', 'text'],
    ['due_at', 'text'],
    ['status', 'text'],
    ['send_id', 'text'],
    ['flags_overdue', 'bool'],
    ['created_at', 'text'],
    ['fired_at', 'text'],
    ['settled_at', 'text'],
    ['unit_id', 'text'],
  ],
};

export const SUBJECT_TABLE: TableSpec = {
  name: 'subject',
  columns: [
    ['id', 'text'],
    ['ref', 'text'],
    ['kind', 'text'],
    ['name', 'text'],
    ['organisation', 'text'],
    ['post', 'text'],
    ['created_at', 'text'],
    ['updated_at', 'text'],
  ],
};

export interface BenchStore {
  kind: 'sqlite' | 'postgres';
  label: string;
  /** DATABASE_PATH or DATABASE_URL (plus the dossier key file) for the processes that use this store. */
  env: Record<string, string>;
  dir: string;
  /** Creates the schema with the application's migrations. */
  migrate(): Promise<void>;
  /** Inserts rows in big transactions (prepared statement on SQLite, unnest() on PostgreSQL). */
  bulkInsert(table: TableSpec, rows: unknown[][]): Promise<void>;
  /** `?` placeholders on both stores. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  /** Updates the planner's statistics after a bulk load (ANALYZE). */
  analyze(): Promise<void>;
  close(): Promise<void>;
  drop(): Promise<void>;
}

/** The unit every bench case belongs to; the bench tokens and actors carry it (jurisdiction). */
export const BENCH_UNIT = { code: 'bench', name: 'Bench unit', path: '/bench/' };
const INSERT_BENCH_UNIT = `INSERT INTO unit (code, name, parent_code, path, created_at) VALUES ('${BENCH_UNIT.code}', '${BENCH_UNIT.name}', NULL, '${BENCH_UNIT.path}', '2024-01-01T00:00:00.000Z')`;

export const PG_BASE_URL = process.env.DATABASE_URL || undefined;

export async function createStore(label: string): Promise<BenchStore> {
  const dir = mkdtempSync(join(tmpdir(), `wenze-bench-${label}-`));
  return PG_BASE_URL ? createPostgresStore(PG_BASE_URL, label, dir) : createSqliteStore(label, dir);
}

function createSqliteStore(label: string, dir: string): BenchStore {
  const path = join(dir, 'wenze.sqlite');
  let db: BetterSqlite3.Database | undefined;
  const open = () => {
    if (!db) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Database = require('better-sqlite3') as typeof BetterSqlite3;
      db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = NORMAL');
    }
    return db;
  };
  const toSqlite = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
  return {
    kind: 'sqlite',
    label,
    dir,
    env: { DATABASE_PATH: path, DOSSIER_SIGNING_KEY_FILE: join(dir, 'dossier-key.pem') },
    async migrate() {
      const ds = new DataSource(dataSourceOptions({ DATABASE_PATH: path, DATABASE_URL: undefined }));
      await ds.initialize();
      await ds.query(INSERT_BENCH_UNIT);
      await ds.destroy();
    },
    async bulkInsert(table, rows) {
      const d = open();
      const cols = table.columns.map(([c]) => `"${c}"`).join(', ');
      const marks = table.columns.map(() => '?').join(', ');
      const stmt = d.prepare(`INSERT INTO "${table.name}" (${cols}) VALUES (${marks})`);
      const insertMany = d.transaction((chunk: unknown[][]) => {
        for (const row of chunk) stmt.run(row.map(toSqlite));
      });
      for (let i = 0; i < rows.length; i += 100_000) insertMany(rows.slice(i, i + 100_000));
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const stmt = open().prepare(sql);
      const args = params.map(toSqlite);
      if (!stmt.reader) {
        stmt.run(...args);
        return [] as T[];
      }
      return stmt.all(...args) as T[];
    },
    async exec(sql) {
      open().exec(sql);
    },
    async analyze() {
      open().exec('ANALYZE');
    },
    async close() {
      db?.close();
      db = undefined;
    },
    async drop() {
      db?.close();
      db = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createPostgresStore(baseUrl: string, label: string, dir: string): Promise<BenchStore> {
  const name = `wenze_bench_${label.replace(/\W/g, '')}_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  await withAdmin(baseUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  let pool: PgPool | undefined;
  const get = () => (pool ??= new PgPool({ connectionString: url.toString(), max: 4 }));
  const toPg = (sql: string) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  const pgType = { text: 'text', int: 'int', bool: 'bool' } as const;
  return {
    kind: 'postgres',
    label,
    dir,
    env: { DATABASE_URL: url.toString(), DOSSIER_SIGNING_KEY_FILE: join(dir, 'dossier-key.pem') },
    async migrate() {
      const ds = new DataSource(dataSourceOptions({ DATABASE_URL: url.toString(), DATABASE_PATH: '' }));
      await ds.initialize();
      await ds.query(INSERT_BENCH_UNIT);
      await ds.destroy();
    },
    async bulkInsert(table, rows) {
      const cols = table.columns.map(([c]) => `"${c}"`).join(', ');
      const unnest = table.columns.map(([, t], i) => `$${i + 1}::${pgType[t]}[]`).join(', ');
      const sql = `INSERT INTO "${table.name}" (${cols}) SELECT * FROM unnest(${unnest})`;
      const client = await get().connect();
      try {
        await client.query('BEGIN');
        for (let i = 0; i < rows.length; i += 20_000) {
          const chunk = rows.slice(i, i + 20_000);
          await client.query(
            sql,
            table.columns.map((_, c) => chunk.map((r) => r[c])),
          );
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await get().query(toPg(sql), params)).rows as T[];
    },
    async exec(sql) {
      await get().query(sql);
    },
    async analyze() {
      await get().query('ANALYZE');
    },
    async close() {
      await pool?.end();
      pool = undefined;
    },
    async drop() {
      await pool?.end();
      pool = undefined;
      await withAdmin(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withAdmin<T>(baseUrl: string, work: (c: PgClient) => Promise<T>): Promise<T> {
  const c = new PgClient({ connectionString: baseUrl });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}
