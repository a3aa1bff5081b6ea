import type { DataSource, EntityManager } from 'typeorm';
import type { CaseEntity } from '../engine/persistence/case.entity';
import type { DeadlineEntity } from '../engine/persistence/deadline.entity';
import { caseOf, HotPathSql } from '../engine/persistence/hot-path.sql';
import { queryPrepared, sqliteRun } from '../engine/persistence/prepared-statements';
import type { SubjectEntity } from '../engine/persistence/subject.entity';

/** A link of the case, with the other case's fields the view shows and its unit (for the reach check). */
export interface LinkRow {
  fromCaseId: string;
  toCaseId: string;
  relation: string;
  other: Pick<CaseEntity, 'id' | 'workflow' | 'title' | 'state' | 'status' | 'unitId'>;
}

type Queryable = DataSource | EntityManager;

/** What a case's view is built from. */
export interface CaseViewRows {
  row: CaseEntity;
  subject: SubjectEntity | null;
  deadlines: DeadlineEntity[];
  links: LinkRow[];
}

/**
 * The rows of one case's view — its subject, its deadlines, its links — in plain SQL, as the write
 * path reads the case (see HotPathSql): TypeORM's find builds each statement anew, and on this path
 * building cost more than SQLite takes to run them. Prepared statements are cached by the driver.
 */
export class CaseViewSql {
  private readonly subjectSql: string;
  private readonly deadlinesSql: string;
  private readonly linksSql: string;

  private readonly postgres: boolean;
  private readonly cases: HotPathSql;
  /** PostgreSQL: the whole view in one statement (one snapshot, one round trip), with or without the case row. */
  private readonly pgViewSql: { withCase: string; withoutCase: string };

  constructor(private readonly db: DataSource) {
    const postgres = db.options.type === 'postgres';
    this.postgres = postgres;
    this.cases = new HotPathSql(postgres);
    const sql = (text: string) => (postgres ? numbered(text) : text);
    this.subjectSql = sql(
      `SELECT id, ref, kind, name, organisation, post, created_at, updated_at FROM subject WHERE id = ?`,
    );
    this.deadlinesSql = sql(
      `SELECT id, case_id, unit_id, kind, due_at, status, send_id, flags_overdue, provisional, created_at, fired_at, settled_at
        FROM deadline WHERE case_id = ? ORDER BY created_at ASC, due_at ASC`,
    );
    // The other case of each link, whichever end this case is; a link to a missing case has no row.
    this.linksSql = sql(
      `SELECT l.from_case_id, l.to_case_id, l.relation, o.id, o.workflow, o.title, o.state, o.status, o.unit_id
        FROM case_link l JOIN "case" o ON o.id = CASE WHEN l.from_case_id = ? THEN l.to_case_id ELSE l.from_case_id END
        WHERE l.from_case_id = ? OR l.to_case_id = ?`,
    );
    this.pgViewSql = pgViewStatements();
  }

  /**
   * The case row (unless the caller has it, just committed; null when there is none), its subject, its
   * deadlines and its links. On SQLite one statement after the other on one connection (the writer is
   * one connection anyway); on PostgreSQL one statement (below).
   */
  /**
   * PostgreSQL: a reader of the view of a case just changed, for the end of the write's transaction
   * (on its connection: no second wait for the pool); SQLite: none (its one writer should not wait
   * for reads).
   */
  readerInTransaction(): ((m: Queryable, row: CaseEntity) => Promise<CaseViewRows | null>) | undefined {
    return this.postgres ? (m, row) => this.readInOneStatement(row.id, row, m) : undefined;
  }

  async read(caseId: string, committed?: CaseEntity): Promise<CaseViewRows | null> {
    if (this.postgres) return this.readInOneStatement(caseId, committed);
    // SQLite: TypeORM's one connection, straight through the driver (see sqliteRun); synchronous, so
    // the four statements see one state of the database.
    const rows = (sql: string, params: unknown[]) =>
      sqliteRun<Record<string, unknown>>(this.db, sql, params).records ?? [];
    const row = committed ?? (await this.cases.peekCase(this.db, caseId));
    if (!row) return null;
    const [s] = rows(this.subjectSql, [row.subjectId]);
    const deadlines = rows(this.deadlinesSql, [caseId]);
    const links = rows(this.linksSql, [caseId, caseId, caseId]);
    return {
      row,
      subject: s ? subjectOf(s) : null,
      deadlines: deadlines.map(deadlineOf),
      links: links.map(linkOf),
    };
  }

  /**
   * PostgreSQL: one statement sees one snapshot, so a deadline the worker fires meanwhile is seen
   * together with the state it moved the case to, or not at all; and it is one round trip and one
   * wait for a connection of the pool instead of four.
   */
  private async readInOneStatement(caseId: string, committed?: CaseEntity, db: Queryable = this.db) {
    const sql = committed ? this.pgViewSql.withoutCase : this.pgViewSql.withCase;
    const [r] = await queryPrepared<Record<string, unknown>>(db, sql, [caseId]);
    const row = committed ?? caseOf((r?.case_row as Record<string, unknown> | null) ?? undefined);
    if (!row || !r) return null;
    const subject = r.subject as Record<string, unknown> | null;
    return {
      row,
      subject: subject ? subjectOf(subject) : null,
      deadlines: (r.deadlines as Record<string, unknown>[]).map(deadlineOf),
      links: (r.links as Record<string, unknown>[]).map(linkOf),
    };
  }
}

/** The view's statements for PostgreSQL: each part a JSON column of one SELECT ($1: the case id). */
function pgViewStatements() {
  const caseRow = `(SELECT row_to_json(c) FROM (SELECT id, workflow, workflow_version, business_key, title, case_no,
      subject_id, unit_id, state, status, outcome, snapshot, revision, head_hash, created_at, updated_at
      FROM "case" WHERE id = $1) c) AS case_row`;
  const rest = `(SELECT row_to_json(s) FROM (SELECT id, ref, kind, name, organisation, post, created_at, updated_at
      FROM subject WHERE id = (SELECT subject_id FROM "case" WHERE id = $1)) s) AS subject,
    (SELECT coalesce(json_agg(d ORDER BY d.created_at ASC, d.due_at ASC), '[]'::json) FROM (SELECT id, case_id,
      unit_id, kind, due_at, status, send_id, flags_overdue, provisional, created_at, fired_at, settled_at
      FROM deadline WHERE case_id = $1) d) AS deadlines,
    (SELECT coalesce(json_agg(x), '[]'::json) FROM (SELECT l.from_case_id, l.to_case_id, l.relation, o.id,
      o.workflow, o.title, o.state, o.status, o.unit_id FROM case_link l
      JOIN "case" o ON o.id = CASE WHEN l.from_case_id = $1 THEN l.to_case_id ELSE l.from_case_id END
      WHERE l.from_case_id = $1 OR l.to_case_id = $1) x) AS links`;
  return { withCase: `SELECT ${caseRow}, ${rest}`, withoutCase: `SELECT ${rest}` };
}

function subjectOf(r: Record<string, unknown>): SubjectEntity {
  return {
    id: r.id as string,
    ref: r.ref as string,
    kind: r.kind as SubjectEntity['kind'],
    name: r.name as string,
    organisation: (r.organisation as string | null) ?? null,
    post: (r.post as string | null) ?? null,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

function deadlineOf(r: Record<string, unknown>): DeadlineEntity {
  return {
    id: r.id as string,
    caseId: r.case_id as string,
    unitId: r.unit_id as string,
    kind: r.kind as string,
    dueAt: r.due_at as string,
    status: r.status as DeadlineEntity['status'],
    sendId: r.send_id as string,
    flagsOverdue: Boolean(r.flags_overdue),
    provisional: Boolean(r.provisional),
    createdAt: r.created_at as string,
    firedAt: (r.fired_at as string | null) ?? null,
    settledAt: (r.settled_at as string | null) ?? null,
  };
}

function linkOf(r: Record<string, unknown>): LinkRow {
  return {
    fromCaseId: r.from_case_id as string,
    toCaseId: r.to_case_id as string,
    relation: r.relation as string,
    other: {
      id: r.id as string,
      workflow: r.workflow as string,
      title: r.title as string,
      state: r.state as string,
      status: r.status as CaseEntity['status'],
      unitId: r.unit_id as string,
    },
  };
}

/** `?` placeholders → `$1, $2, …` (the statements above have no `?` inside literals). */
function numbered(text: string): string {
  let i = 0;
  return text.replace(/\?/g, () => `$${++i}`);
}
