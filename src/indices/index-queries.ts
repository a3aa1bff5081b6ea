import type { DataSource } from 'typeorm';
import type { CaseNarrowing, IndexCase, IndexQueries } from '../engine/index.types';
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
    db: DataSource,
    now: string,
    private readonly scopeReach: Reach,
    /** The handling units counted (all within reach). */
    private readonly units: readonly string[],
    readonly year: number,
  ) {
    super(db, '', now, [], scopeReach);
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
       WHERE ${this.inScope('c')} AND c.workflow = :indexWorkflow ${year} ${opened}
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
