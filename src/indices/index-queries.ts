import type { DataSource } from 'typeorm';
import type {
  CaseNarrowing,
  IndexCadre,
  IndexCase,
  IndexDepartment,
  IndexQueries,
} from '../engine/index.types';
import type { ReportRow } from '../engine/report.types';
import { reachCondition, type Reach } from '../engine/units/jurisdiction';
import { SCOPE_MARK, SqlReportQueries } from '../stats/report-queries';

/** The calendar's offset from UTC: the year is the Beijing calendar year (UTC+8). */
const OFFSET_HOURS = 8;

/** The first instant of a calendar year at UTC+8, ISO 8601 in UTC. */
export function yearStartOf(year: number): string {
  return new Date(Date.UTC(year, 0, 1, -OFFSET_HOURS)).toISOString();
}

/**
 * IndexQueries over the service's DataSource: the report queries (same SQL helpers, same refusal of SQL
 * that does not select its cases with inScope), scoped to a set of units within reach instead of a
 * workflow, with the year's bounds bound as :yearStart and :yearEnd.
 */
export class SqlIndexQueries extends SqlReportQueries implements IndexQueries {
  readonly yearStart: string;
  readonly yearEnd: string;

  constructor(
    private readonly dataSource: DataSource,
    now: string,
    private readonly scopeReach: Reach,
    /** The handling units counted (all within reach). */
    readonly units: readonly string[],
    readonly year: number,
  ) {
    super(dataSource, '', now, [], scopeReach);
    this.yearStart = yearStartOf(year);
    this.yearEnd = yearStartOf(year + 1);
  }

  inYear(iso: string | null | undefined): boolean {
    if (!iso) return false;
    const t = Date.parse(iso);
    return !Number.isNaN(t) && t >= Date.parse(this.yearStart) && t < Date.parse(this.yearEnd);
  }

  override inScope(caseAlias: string): string {
    if (!this.units.length) return `${SCOPE_MARK} (1 = 0)`;
    const { sql } = reachCondition(this.scopeReach, `${caseAlias}.unit_id`);
    return `${SCOPE_MARK} (${caseAlias}.unit_id IN (:...indexUnits) AND ${sql})`;
  }

  inReach(caseAlias: string): string {
    const { sql } = reachCondition(this.scopeReach, `${caseAlias}.unit_id`);
    return `${SCOPE_MARK} (${sql})`;
  }

  /** Unit rows (not cases): the units asked for are within reach already. */
  private async unitRows(sql: string, params: Record<string, unknown> = {}): Promise<ReportRow[]> {
    if (!this.units.length) return [];
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, {
      ...params,
      indexUnits: [...this.units],
      yearStart: this.yearStart,
      yearEnd: this.yearEnd,
      now: this.now,
    });
    return (await this.dataSource.query(query, values)) as ReportRow[];
  }

  async departments(): Promise<IndexDepartment[]> {
    const rows = await this.unitRows(
      `SELECT u.code AS code, u.name AS name, u.parent_code AS "parentCode", u.leader_ref AS "leaderRef"
       FROM unit u WHERE u.kind = 'department' AND u.parent_code IN (:...indexUnits)
       ORDER BY u.path`,
    );
    return rows.map((r) => ({
      code: String(r.code),
      name: String(r.name),
      parentCode: String(r.parentCode),
      leaderRef: r.leaderRef === null ? null : String(r.leaderRef),
    }));
  }

  async cadres(): Promise<IndexCadre[]> {
    const rows = await this.unitRows(
      `SELECT c.unit_code AS unit, c.ref AS ref, c.name AS name, c.post AS post,
         c.department_code AS "departmentCode"
       FROM cadre c
       WHERE c.unit_code IN (:...indexUnits) AND c.created_at < :yearEnd AND c.created_at <= :now
         AND (c.left_at IS NULL OR c.left_at >= :yearStart)
       ORDER BY c.unit_code, c.ref`,
    );
    return rows.map((r) => ({
      unit: String(r.unit),
      ref: String(r.ref),
      name: String(r.name),
      post: r.post === null ? null : String(r.post),
      departmentCode: r.departmentCode === null ? null : String(r.departmentCode),
    }));
  }

  override rows(sql: string, params: Record<string, unknown> = {}): Promise<ReportRow[]> {
    return super.rows(sql, {
      ...params,
      indexUnits: [...this.units],
      yearStart: this.yearStart,
      yearEnd: this.yearEnd,
    });
  }

  async cases<TContext>(workflow: string, narrow: CaseNarrowing = {}): Promise<IndexCase<TContext>[]> {
    const year = narrow.yearAt
      ? `AND CAST(${this.contextField('c', narrow.yearAt)} AS INTEGER) = :indexYear`
      : '';
    const opened = narrow.openedByYearEnd ? 'AND c.created_at < :yearEnd' : '';
    const rows = await this.rows(
      `SELECT c.id AS id, c.workflow AS workflow, c.unit_id AS unit, c.title AS title, c.state AS state,
         c.outcome AS outcome, c.created_at AS "createdAt", c.snapshot AS snapshot,
         s.id AS "subjectId", s.ref AS "subjectRef", s.kind AS "subjectKind", s.name AS "subjectName"
       FROM "case" c LEFT JOIN subject s ON s.id = c.subject_id
       WHERE ${narrow.withinReach ? this.inReach('c') : this.inScope('c')} AND c.workflow = :indexWorkflow ${year} ${opened}
       ORDER BY c.created_at, c.id`,
      { indexWorkflow: workflow, indexYear: this.year },
    );
    return rows.map((r) => ({
      id: String(r.id),
      workflow: String(r.workflow),
      unit: String(r.unit),
      title: String(r.title),
      state: String(r.state),
      outcome: r.outcome === null ? null : String(r.outcome),
      createdAt: String(r.createdAt),
      subject:
        r.subjectId === null
          ? null
          : {
              id: String(r.subjectId),
              ref: String(r.subjectRef),
              kind: String(r.subjectKind),
              name: String(r.subjectName),
            },
      context: (JSON.parse(String(r.snapshot)) as { context: TContext }).context,
    }));
  }
}
