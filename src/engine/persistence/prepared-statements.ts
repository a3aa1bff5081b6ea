import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/*
 * Plain SQL with prepared statements, on either store: straight on SQLite's one connection
 * (better-sqlite3, statements cached), named statements on PostgreSQL (planned once per connection).
 * The hot path (hot-path.sql.ts) and the read models' and reads' plain SQL go through it.
 */

/** `?` placeholders → `$1, $2, …` (the statements given have no `?` inside literals). */
export function numbered(text: string): string {
  let i = 0;
  return text.replace(/\?/g, () => `$${++i}`);
}

interface StructuredResult<T> {
  records?: T[];
  affected?: number;
}

/** The part of node-postgres' client used here: a query with a name is prepared once per connection. */
interface PgClient {
  query(q: {
    name: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** A name for a statement prepared on PostgreSQL (the same text, the same name, on every connection). */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) statementNames.set(sql, (name = `wenze_hot_${statementNames.size + 1}`));
  return name;
}

/**
 * Runs on the transaction's query runner, asking for the structured result (rows and affected count).
 * On PostgreSQL the statement is prepared (named) on the connection: it is parsed and planned once per
 * connection instead of once per event — on a 2-core machine the server's CPU is the limit.
 */
export async function run<T = unknown>(
  m: EntityManager,
  sql: string,
  params: unknown[],
): Promise<StructuredResult<T>> {
  const runner = m.queryRunner;
  if (!runner) throw new Error('HotPathSql runs inside a transaction only');
  if (runner.connection.options.type === 'postgres') return runPrepared<T>(runner, sql, params);
  return sqliteRun<T>(runner.connection, sql, params);
}

/** The part of better-sqlite3 used here. */
interface SqliteStatement {
  reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}
interface SqliteHandle {
  prepare(sql: string): SqliteStatement;
  pragma(sql: string): unknown;
}

/** SQLite: TypeORM's one connection, the better-sqlite3 handle itself. */
export function sqliteConnection(source: DataSource): SqliteHandle {
  return (source.driver as unknown as { databaseConnection: SqliteHandle }).databaseConnection;
}
const sqliteStatements = new WeakMap<SqliteHandle, Map<string, SqliteStatement>>();

/**
 * SQLite: a hot statement on TypeORM's one connection, straight through better-sqlite3 (prepared once,
 * cached). TypeORM's query runner wraps every statement in its logger, its subscribers' broadcasts
 * (none here) and several promises: on the hot path that wrapper cost more than SQLite's own work.
 * It is the same connection, so the statement is in the transaction the runner began; errors are the
 * driver's own, which driver-errors.ts reads as it reads TypeORM's wrapped ones.
 */
export function sqliteRun<T>(source: DataSource, sql: string, params: unknown[]): StructuredResult<T> {
  const db = sqliteConnection(source);
  let cache = sqliteStatements.get(db);
  if (!cache) sqliteStatements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  const values = params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
  if (statement.reader) return { records: statement.all(...values) as T[] };
  return { affected: statement.run(...values).changes };
}

async function runPrepared<T>(runner: QueryRunner, sql: string, params: unknown[]) {
  const client = (await runner.connect()) as PgClient;
  const result = await client.query({ name: statementName(sql), text: sql, values: params });
  return { records: result.rows as T[], affected: result.rowCount ?? 0 };
}

/**
 * PostgreSQL: a hot read as a prepared statement (see run) — in the transaction of `m`, or on a
 * connection of the pool for the time of the query.
 */
export async function queryPrepared<T>(db: DataSource | EntityManager, sql: string, params: unknown[]) {
  const inTransaction = 'queryRunner' in db ? db.queryRunner : undefined;
  if (inTransaction) return (await runPrepared<T>(inTransaction, sql, params)).records;
  const runner = (db as DataSource).createQueryRunner();
  try {
    return (await runPrepared<T>(runner, sql, params)).records;
  } finally {
    await runner.release();
  }
}

/** A read outside any transaction, `?` placeholders: straight on SQLite's one connection, prepared on PostgreSQL. */
export async function readPrepared<T>(db: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  if (isSqliteSource(db)) return sqliteRun<T>(db, sql, params).records ?? [];
  return (await queryPrepared<T>(db, numbered(sql), params)) ?? [];
}

/** The number a `SELECT COUNT(*) AS n …` read answers (outside any transaction, `?` placeholders). */
export async function readCount(db: DataSource, sql: string, params: unknown[]): Promise<number> {
  const [row] = await readPrepared<{ n: number | string }>(db, sql, params);
  return Number(row?.n ?? 0);
}

/** A SQLite data source (better-sqlite3), as opposed to PostgreSQL or one of its query runners. */
export function isSqliteSource(db: object): db is DataSource {
  const options = (db as Partial<DataSource>).options;
  return (db as Partial<DataSource>).driver !== undefined && options?.type === 'better-sqlite3';
}
