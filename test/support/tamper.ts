import type { TestApp } from './test-app';

/**
 * Runs a write on the history table behind the service's back (as an intruder with database access
 * would): the append-only triggers are dropped for it and put back after.
 */
export async function withoutTriggers(app: TestApp, write: () => Promise<unknown>): Promise<void> {
  const pg = app.store.kind === 'postgres';
  const sql = pg
    ? `SELECT tgname AS name FROM pg_trigger WHERE tgrelid = '"transition"'::regclass AND NOT tgisinternal`
    : "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'transition'";
  const names = (await app.store.query<{ name: string }>(sql)).map((r) => r.name);
  for (const name of names) await app.store.exec(`DROP TRIGGER ${name}${pg ? ' ON "transition"' : ''}`);
  try {
    await write();
  } finally {
    if (pg) {
      await app.store
        .exec(`CREATE OR REPLACE TRIGGER transition_append_only BEFORE UPDATE OR DELETE ON "transition"
        FOR EACH ROW EXECUTE FUNCTION wenze_history_append_only()`);
    } else {
      for (const op of ['UPDATE', 'DELETE']) {
        await app.store
          .exec(`CREATE TRIGGER IF NOT EXISTS transition_no_${op.toLowerCase()} BEFORE ${op} ON "transition"
          BEGIN SELECT RAISE(ABORT, 'transition history is append-only'); END`);
      }
    }
  }
}

/** Changes the payload of a case's history row (its hash no longer fits). */
export function tamperPayload(app: TestApp, caseId: string, seq: number, payload: unknown): Promise<void> {
  const sql = 'UPDATE "transition" SET payload = ? WHERE case_id = ? AND seq = ?';
  return withoutTriggers(app, () => app.store.exec(sql, [JSON.stringify(payload), caseId, seq]));
}
