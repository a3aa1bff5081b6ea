import type { DataSource, EntityManager } from 'typeorm';
import { isSqliteSource, numbered, run, sqliteRun } from './prepared-statements';
import type { TransitionEntity } from './transition.entity';
import type { CaseEntity } from './case.entity';

/**
 * The statements every event runs (read the case, look for due deadlines, update the case with the
 * revision check, append the history row, mark a deadline fired), written once per dialect.
 * TypeORM's find/update/insert build each statement anew, at 60–130 µs apiece — more than SQLite takes
 * to run them — so on this path the engine sends plain SQL through the transaction's query runner
 * (prepared statements are cached by the driver). Everything else still goes through TypeORM.
 */
export class HotPathSql {
  private readonly readCaseSql: string;
  private readonly peekCaseSql: string;
  private readonly dueDeadlinesSql: string;
  private readonly updateCaseSql: string;
  private readonly insertTransitionSql: string;
  private readonly markFiredSql: string;
  private readonly insertOutboxSql: string;
  /** PostgreSQL: the case's update and its history row in one statement (null on SQLite). */
  private readonly stepSql: string | null;
  private readonly deleteWaitingSql: string;
  private readonly insertWaitingSql: string;
  /** PostgreSQL: a case's waiting rows replaced in one statement (null on SQLite). */
  private readonly replaceWaitingSql: string | null;

  constructor(postgres: boolean) {
    const sql = (text: string) => (postgres ? numbered(text) : text);
    const selectCase = `SELECT id, workflow, workflow_version, business_key, title, case_no, subject_id, unit_id, state,
        status, outcome, snapshot, revision, head_hash, created_at, updated_at FROM "case" WHERE id = ?`;
    // On PostgreSQL the row lock queues writers to one case instead of letting them race and retry.
    this.readCaseSql = sql(selectCase + (postgres ? ' FOR UPDATE' : ''));
    this.peekCaseSql = sql(selectCase);
    this.dueDeadlinesSql = sql(
      `SELECT id, due_at, send_id FROM deadline WHERE case_id = ? AND status = 'pending' AND due_at <= ?
        ORDER BY due_at ASC, id ASC`,
    );
    this.updateCaseSql = sql(
      `UPDATE "case" SET snapshot = ?, state = ?, status = ?, outcome = ?, revision = ?, head_hash = ?,
        updated_at = ? WHERE id = ? AND revision = ?`,
    );
    this.insertTransitionSql = sql(
      `INSERT INTO "transition" (case_id, seq, type, payload, actor_sub, actor_roles, from_state, to_state,
        at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.markFiredSql = sql(
      `UPDATE deadline SET status = 'fired', fired_at = ? WHERE id = ? AND status = 'pending'`,
    );
    this.insertOutboxSql = sql(`INSERT INTO change_outbox (case_id, revision, at) VALUES (?, ?, ?)`);
    // The history row is inserted only if the update found the case at its revision (FROM u).
    this.stepSql = postgres
      ? numbered(
          `WITH u AS (UPDATE "case" SET snapshot = ?, state = ?, status = ?, outcome = ?, revision = ?,
            head_hash = ?, updated_at = ? WHERE id = ? AND revision = ? RETURNING id)
          INSERT INTO "transition" (case_id, seq, type, payload, actor_sub, actor_roles, from_state, to_state,
            at, prev_hash, hash) SELECT ?, ?::integer, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM u`,
        )
      : null;
    this.deleteWaitingSql = sql(`DELETE FROM case_waiting WHERE case_id = ?`);
    this.insertWaitingSql = sql(
      `INSERT INTO case_waiting (case_id, role, above, unit_id, created_at) VALUES (?, ?, ?, ?, ?)`,
    );
    // The rows no longer waited for go, the others are inserted or (on a move to another unit) updated.
    this.replaceWaitingSql = postgres
      ? numbered(
          `WITH w AS (SELECT * FROM unnest(?::varchar[], ?::boolean[]) AS w(role, above)),
          d AS (DELETE FROM case_waiting c WHERE c.case_id = ?
            AND NOT EXISTS (SELECT 1 FROM w WHERE w.role = c.role AND w.above = c.above))
          INSERT INTO case_waiting (case_id, role, above, unit_id, created_at)
            SELECT ?, w.role, w.above, ?, ? FROM w
          ON CONFLICT (case_id, role, above) DO UPDATE SET unit_id = EXCLUDED.unit_id
            WHERE case_waiting.unit_id <> EXCLUDED.unit_id`,
        )
      : null;
  }

  /**
   * The inbox's read model of one case (case_waiting): the (role, above) pairs it waits for now, at
   * its unit; none for a closed case. Replaces what was there — one statement on PostgreSQL.
   */
  async writeWaiting(
    m: EntityManager,
    c: Pick<CaseEntity, 'id' | 'unitId' | 'createdAt'>,
    waiting: readonly { role: string; above: boolean }[],
  ): Promise<void> {
    if (this.replaceWaitingSql) {
      const roles = waiting.map((w) => w.role);
      const above = waiting.map((w) => w.above);
      await run(m, this.replaceWaitingSql, [roles, above, c.id, c.id, c.unitId, c.createdAt]);
      return;
    }
    await run(m, this.deleteWaitingSql, [c.id]);
    for (const w of waiting)
      await run(m, this.insertWaitingSql, [c.id, w.role, w.above, c.unitId, c.createdAt]);
  }

  /**
   * One step of a case: its row updated from `revision` and its history row appended — one statement
   * on PostgreSQL (one round trip fewer per event), two on SQLite. False when the case was no longer
   * at that revision (nothing is written then).
   */
  async writeStep(
    m: EntityManager,
    id: string,
    revision: number,
    c: Pick<CaseEntity, 'snapshot' | 'state' | 'status' | 'outcome' | 'revision' | 'headHash' | 'updatedAt'>,
    h: Omit<TransitionEntity, 'id'>,
  ): Promise<boolean> {
    if (!this.stepSql) {
      if (!(await this.updateCase(m, id, revision, c))) return false;
      await this.insertTransition(m, h);
      return true;
    }
    const caseParams = [c.snapshot, c.state, c.status, c.outcome, c.revision, c.headHash, c.updatedAt];
    const result = await run(m, this.stepSql, [...caseParams, id, revision, ...transitionParams(h)]);
    return result.affected === 1;
  }

  /** The case row, locked on PostgreSQL; inside a transaction. */
  async readCase(m: EntityManager, id: string): Promise<CaseEntity | null> {
    const rows = await run<Record<string, unknown>>(m, this.readCaseSql, [id]);
    return caseOf(rows.records?.[0]);
  }

  /** The case row, outside any write transaction (on the data source, or on a reader's query runner). */
  async peekCase(db: Pick<DataSource, 'query'>, id: string): Promise<CaseEntity | null> {
    // SQLite has one connection: the data source's statement goes to it directly (see sqliteRun).
    if (isSqliteSource(db)) {
      return caseOf(sqliteRun<Record<string, unknown>>(db, this.peekCaseSql, [id]).records?.[0]);
    }
    return caseOf(((await db.query(this.peekCaseSql, [id])) as Record<string, unknown>[])[0]);
  }

  async dueDeadlines(m: EntityManager, caseId: string, at: string) {
    const rows = await run<{ id: string; due_at: string; send_id: string }>(m, this.dueDeadlinesSql, [
      caseId,
      at,
    ]);
    return (rows.records ?? []).map((r) => ({ id: r.id, dueAt: r.due_at, sendId: r.send_id }));
  }

  /** Returns whether the row was still at `revision` (and is now updated). */
  async updateCase(
    m: EntityManager,
    id: string,
    revision: number,
    c: Pick<CaseEntity, 'snapshot' | 'state' | 'status' | 'outcome' | 'revision' | 'headHash' | 'updatedAt'>,
  ): Promise<boolean> {
    const result = await run(m, this.updateCaseSql, [
      c.snapshot,
      c.state,
      c.status,
      c.outcome,
      c.revision,
      c.headHash,
      c.updatedAt,
      id,
      revision,
    ]);
    return result.affected === 1;
  }

  async insertTransition(m: EntityManager, h: Omit<TransitionEntity, 'id'>): Promise<void> {
    await run(m, this.insertTransitionSql, transitionParams(h));
  }

  /** The committed change, for the notices' drain (change_outbox). */
  async insertOutbox(m: EntityManager, caseId: string, revision: number, at: string): Promise<void> {
    await run(m, this.insertOutboxSql, [caseId, revision, at]);
  }

  /** Returns whether the deadline was still pending (and is now fired). */
  async markFired(m: EntityManager, deadlineId: string, at: string): Promise<boolean> {
    return (await run(m, this.markFiredSql, [at, deadlineId])).affected === 1;
  }
}

function transitionParams(h: Omit<TransitionEntity, 'id'>): unknown[] {
  const { caseId, seq, type, payload, actorSub, actorRoles, fromState, toState, at, prevHash, hash } = h;
  return [caseId, seq, type, payload, actorSub, actorRoles, fromState, toState, at, prevHash, hash];
}

/** A case row as read by plain SQL (snake_case columns), or null. */
export function caseOf(r: Record<string, unknown> | undefined): CaseEntity | null {
  if (!r) return null;
  return {
    id: r.id as string,
    workflow: r.workflow as string,
    workflowVersion: Number(r.workflow_version),
    businessKey: r.business_key as string,
    title: r.title as string,
    caseNo: (r.case_no as string | null | undefined) ?? null,
    subjectId: r.subject_id as string,
    unitId: r.unit_id as string,
    state: r.state as string,
    status: r.status as CaseEntity['status'],
    outcome: (r.outcome as string | null) ?? null,
    snapshot: r.snapshot as string,
    revision: Number(r.revision),
    headHash: r.head_hash as string,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}
