import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';

/**
 * Where a test's service keeps its data: a SQLite file in a temp folder by default, or — when
 * WENZE_TEST_PG_URL names a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres) —
 * a database of its own on that server, created here and dropped again by `drop()`.
 */
export interface TestStore {
  kind: 'sqlite' | 'postgres';
  /** DATABASE_PATH or DATABASE_URL for every process that shares this store. */
  env: Record<string, string>;
  /** The SQLite file (sqlite only). */
  path?: string;
  /** Runs SQL directly against the store, going around the application. Returns affected rows. */
  exec(sql: string, params?: unknown[]): Promise<number>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export const PG_URL = process.env.WENZE_TEST_PG_URL;

export async function createTestStore(): Promise<TestStore> {
  return PG_URL ? createPostgresStore(PG_URL) : createSqliteStore();
}

/** A SQLite store whatever WENZE_TEST_PG_URL says: for suites about SQLite itself. */
export function createSqliteStore(): TestStore {
  const dir = mkdtempSync(join(tmpdir(), 'wenze-test-'));
  const path = join(dir, 'wenze.sqlite');
  const withDb = async <T>(work: (db: import('better-sqlite3').Database) => T): Promise<T> => {
    // Loaded lazily: the PostgreSQL runs never open a SQLite file.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const db = new Database(path);
    db.pragma('busy_timeout = 5000');
    try {
      return work(db);
    } catch (error) {
      // The native module keeps the error class of the first test file that loaded it, so in later
      // files its errors are not `instanceof Error` and Jest's toThrow would not see them: re-make them here.
      throw new Error(String((error as { message?: unknown }).message ?? error), { cause: error });
    } finally {
      db.close();
    }
  };
  return {
    kind: 'sqlite',
    env: { DATABASE_PATH: path },
    path,
    exec: (sql, params = []) =>
      withDb((db) => (params.length ? db.prepare(sql).run(...params).changes : (db.exec(sql), 0))),
    query: <T>(sql: string, params: unknown[] = []) => withDb((db) => db.prepare(sql).all(...params) as T[]),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function createPostgresStore(baseUrl: string): Promise<TestStore> {
  const name = `wenze_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new PgClient({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const withDb = async <T>(work: (db: PgClient) => Promise<T>): Promise<T> => {
    const db = new PgClient({ connectionString: url.toString() });
    await db.connect();
    try {
      return await work(db);
    } finally {
      await db.end();
    }
  };
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url.toString() },
    exec: (sql, params = []) => withDb(async (db) => (await db.query(toPg(sql), params)).rowCount ?? 0),
    query: <T>(sql: string, params: unknown[] = []) =>
      withDb(async (db) => (await db.query(toPg(sql), params)).rows as T[]),
    drop: async () => {
      const db = new PgClient({ connectionString: baseUrl });
      await db.connect();
      try {
        await db.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await db.end();
      }
    },
  };
}

/** `?` placeholders, as the tests write them for SQLite, become `$1, $2, …` for PostgreSQL. */
function toPg(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}
