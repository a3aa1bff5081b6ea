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

/** The people on the registers of the units (:indexUnits) at some time in the year, up to now (:now). */
const onRegisterIn = (alias: string) =>
  `${alias}.unit_code IN (:...indexUnits) AND ${alias}.created_at < :yearEnd AND ${alias}.created_at <= :now
   AND (${alias}.left_at IS NULL OR ${alias}.left_at >= :yearStart)`;

/**
 * IndexQueries over the service's DataSource: the report queries (same SQL helpers, same refusal of SQL
 * that does not select its cases with inScope), scoped to a set of units within reach instead of a
 * workflow, with the year's bounds bound as :yearStart and :yearEnd.
 */
export class SqlIndexQueries extends SqlReportQueries implements IndexQueries {
  readonly yearStart: string;
  readonly yearEnd: string;
  /** The year's bounds in milliseconds (inYear). */
  private readonly yearBounds: readonly [number, number];
  /** What this report read, by SQL and parameters (see rows). */
  private readonly read = new Map<string, Promise<ReportRow[]>>();

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
    this.yearBounds = [Date.parse(this.yearStart), Date.parse(this.yearEnd)];
  }

  inYear(iso: string | null | undefined): boolean {
    if (!iso) return false;
    const t = Date.parse(iso);
    return !Number.isNaN(t) && t >= this.yearBounds[0] && t < this.yearBounds[1];
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
       WHERE ${onRegisterIn('c')}
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

  onRegister(refColumn: string): string {
    if (!this.units.length) return '1 = 0';
    return `${refColumn} IN (SELECT rc.ref FROM cadre rc WHERE ${onRegisterIn('rc')})`;
  }

  /**
   * The same SQL with the same parameters is run once per report: figures that read the same rows (the
   * measures, the lists of the year) share them. The rows are shared as they are: figures map them, never
   * change them.
   */
  override rows(sql: string, params: Record<string, unknown> = {}): Promise<ReportRow[]> {
    const bound = {
      ...params,
      indexUnits: [...this.units],
      yearStart: this.yearStart,
      yearEnd: this.yearEnd,
    };
    const key = `${sql}\u0000${JSON.stringify(bound)}`;
    const known = this.read.get(key);
    if (known) return known;
    const rows = super.rows(sql, bound);
    this.read.set(key, rows);
    // a failed read is not kept: the next figure asking tries again
    rows.catch(() => this.read.delete(key));
    return rows;
  }

  /**
   * Which cases of the workflow `cases` reads: those of the units (inScope), or every one within reach,
   * or those within reach of the units or about them (concerningUnits): a UNION of two index reads, by
   * unit and by the subject's ref, that the cases are then read by id from (with a condition on the case
   * row itself, its workflow or unit, the store would read every case of the workflow within reach).
   * CROSS JOIN: SQLite reads the subjects first (by ref), then their cases, not the other way round.
   */
  private casesIn(narrow: CaseNarrowing): string {
    if (!narrow.withinReach) return `${this.inScope('c')} AND c.workflow = :indexWorkflow`;
    if (!narrow.concerningUnits) return `${this.inReach('c')} AND c.workflow = :indexWorkflow`;
    if (!this.units.length) return `${SCOPE_MARK} (1 = 0)`;
    const reach = (alias: string) => reachCondition(this.scopeReach, `${alias}.unit_id`).sql;
    return `${SCOPE_MARK} (c.id IN (
      SELECT uc.id FROM "case" uc
      WHERE uc.workflow = :indexWorkflow AND uc.unit_id IN (:...indexUnits) AND ${reach('uc')}
      UNION
      SELECT sc.id FROM subject us CROSS JOIN "case" sc
      WHERE us.ref IN (:...indexUnits) AND sc.subject_id = us.id
        AND sc.workflow = :indexWorkflow AND ${reach('sc')}))`;
  }

  async cases<TContext>(workflow: string, narrow: CaseNarrowing = {}): Promise<IndexCase<TContext>[]> {
    const where = [this.casesIn(narrow)];
    const some = (values: readonly unknown[], sql: string) => where.push(values.length ? sql : '1 = 0');
    if (narrow.yearAt) {
      where.push(`CAST(${this.contextField('c', narrow.yearAt)} AS INTEGER) = :indexYear`);
    }
    if (narrow.openedByYearEnd) where.push('c.created_at < :yearEnd');
    if (narrow.outcomes) some(narrow.outcomes, 'c.outcome IN (:...indexOutcomes)');
    if (narrow.contextIn) {
      some(narrow.contextIn.values, `${this.contextField('c', narrow.contextIn.at)} IN (:...indexContextIn)`);
    }
    // by the subject rows' ids: each side of the condition on an index (case.subject_id, subject.ref)
    if (narrow.subjectOnRegister) {
      where.push(`c.subject_id IN (SELECT rs.id FROM subject rs WHERE ${this.onRegister('rs.ref')})`);
    }
    const rows = await this.rows(
      `SELECT c.id AS id, c.workflow AS workflow, c.unit_id AS unit, c.title AS title, c.state AS state,
         c.outcome AS outcome, c.created_at AS "createdAt", c.snapshot AS snapshot,
         s.id AS "subjectId", s.ref AS "subjectRef", s.kind AS "subjectKind", s.name AS "subjectName"
       FROM "case" c LEFT JOIN subject s ON s.id = c.subject_id
       WHERE ${where.join(' AND ')}
       ORDER BY c.created_at, c.id`,
      {
        indexWorkflow: workflow,
        indexYear: this.year,
        indexOutcomes: [...(narrow.outcomes ?? [])],
        indexContextIn: [...(narrow.contextIn?.values ?? [])],
      },
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
