/*
 * The raw-driver baseline of one persisted transition: in one transaction, read the case, update it
 * with a revision check and insert the history row — better-sqlite3 or pg directly, nothing else.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { Pool } from 'pg';

export interface RawCaseRow {
  id: string;
  snapshot: string;
  state: string;
  status: string;
  revision: number;
  head_hash: string;
  updated_at: string;
}

export interface RawChange {
  snapshot: string;
  state: string;
  at: string;
  status?: string;
  outcome?: string | null;
  history: {
    caseId: string;
    seq: number;
    type: string;
    payload: string;
    actorSub: string;
    actorRoles: string;
    fromState: string | null;
    toState: string;
    at: string;
    prevHash: string;
    hash: string;
  };
}

export interface RawWriter {
  apply(
    id: string,
    compute: (row: RawCaseRow) => RawChange,
  ): Promise<{ id: string; state: string; revision: number } | null>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const UPDATE = `UPDATE "case" SET snapshot = ?, state = ?, status = ?, outcome = ?, revision = ?, head_hash = ?, updated_at = ?
  WHERE id = ? AND revision = ?`;
const INSERT = `INSERT INTO "transition" (case_id, seq, type, payload, actor_sub, actor_roles, from_state, to_state, at, prev_hash, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SELECT = 'SELECT * FROM "case" WHERE id = ?';

const pg = (sql: string) => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

export async function rawWriter(
  env: { DATABASE_PATH?: string; DATABASE_URL?: string },
  poolSize = 10,
): Promise<RawWriter> {
  if (env.DATABASE_URL) {
    const pool = new Pool({ connectionString: env.DATABASE_URL, max: poolSize });
    return {
      async apply(id, compute) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query<RawCaseRow>(`${pg(SELECT)} FOR UPDATE`, [id]);
          if (!rows.length) {
            await client.query('ROLLBACK');
            return null;
          }
          const row = rows[0];
          const c = compute(row);
          const h = c.history;
          const updated = await client.query(pg(UPDATE), [
            c.snapshot,
            c.state,
            c.status ?? row.status,
            c.outcome ?? null,
            h.seq,
            h.hash,
            c.at > row.updated_at ? c.at : row.updated_at,
            id,
            row.revision,
          ]);
          if (updated.rowCount !== 1) throw new Error('revision conflict');
          await client.query(pg(INSERT), [
            h.caseId,
            h.seq,
            h.type,
            h.payload,
            h.actorSub,
            h.actorRoles,
            h.fromState,
            h.toState,
            h.at,
            h.prevHash,
            h.hash,
          ]);
          await client.query('COMMIT');
          return { id, state: c.state, revision: h.seq };
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
      async ping() {
        await pool.query('SELECT 1');
      },
      close: () => pool.end(),
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(env.DATABASE_PATH!);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const select = db.prepare(SELECT);
  const update = db.prepare(UPDATE);
  const insert = db.prepare(INSERT);
  const ping = db.prepare('SELECT 1');
  const tx = db.transaction((id: string, compute: (row: RawCaseRow) => RawChange) => {
    const row = select.get(id) as RawCaseRow | undefined;
    if (!row) return null;
    const c = compute(row);
    const h = c.history;
    const updated = update.run(
      c.snapshot,
      c.state,
      c.status ?? row.status,
      c.outcome ?? null,
      h.seq,
      h.hash,
      c.at > row.updated_at ? c.at : row.updated_at,
      id,
      row.revision,
    );
    if (updated.changes !== 1) throw new Error('revision conflict');
    insert.run(
      h.caseId,
      h.seq,
      h.type,
      h.payload,
      h.actorSub,
      h.actorRoles,
      h.fromState,
      h.toState,
      h.at,
      h.prevHash,
      h.hash,
    );
    return { id, state: c.state, revision: h.seq };
  });
  return {
    async apply(id, compute) {
      return tx.immediate(id, compute);
    },
    async ping() {
      ping.get();
    },
    async close() {
      db.close();
    },
  };
}
