import type { DataSource } from 'typeorm';
import { overdueSql } from '../engine/persistence/overdue';
import type { ReportQueries, ReportRow } from '../engine/report.types';
import { reachCondition, type Reach } from '../engine/units/jurisdiction';

/** Marks SQL built by inScope: rows() refuses SQL without it. */
export const SCOPE_MARK = '/* in scope */';

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A number from a driver value (COUNT and SUM come back as strings on PostgreSQL). */
export const num = (v: string | number | null | undefined): number =>
  v === null || v === undefined ? 0 : Number(v);

/** The top-level stage of a (possibly parallel, comma-separated) state path, as a SQL CASE. */
export function stageSql(column: string, stages: readonly string[]): string {
  if (!stages.length) return "'other'";
  const whens = stages.map(
    (s) => `WHEN ${column} = ${quote(s)} OR ${column} LIKE ${quote(`${s}.%`)} THEN ${quote(s)}`,
  );
  return `CASE ${whens.join(' ')} ELSE 'other' END`;
}

/** Milliseconds from one ISO 8601 text column to another. */
export function elapsedMsSql(from: string, to: string, isPostgres: boolean): string {
  return isPostgres
    ? `EXTRACT(EPOCH FROM (CAST(${to} AS timestamptz) - CAST(${from} AS timestamptz))) * 1000`
    : `(julianday(${to}) - julianday(${from})) * 86400000.0`;
}

/**
 * ReportQueries over the service's DataSource, for one workflow at one instant. `:name` parameters
 * become `?` (SQLite) or `$n` (PostgreSQL) through the driver; values are always bound, never spliced.
 */
export class SqlReportQueries implements ReportQueries {
  readonly isPostgres: boolean;

  constructor(
    private readonly db: DataSource,
    readonly workflow: string,
    readonly now: string,
    private readonly stages: readonly string[],
    private readonly reach: Reach,
  ) {
    this.isPostgres = db.options.type === 'postgres';
  }

  inScope(caseAlias: string): string {
    const { sql } = reachCondition(this.reach, `${caseAlias}.unit_id`);
    return `${SCOPE_MARK} (${caseAlias}.workflow = :workflow AND ${sql})`;
  }

  async rows(sql: string, params: Record<string, unknown> = {}): Promise<ReportRow[]> {
    if (!sql.includes(SCOPE_MARK)) {
      throw new Error('A report query must select its cases with inScope(alias), to stay within reach');
    }
    for (const [name, value] of Object.entries(params)) {
      // the driver splices a function's result into the SQL text: refuse it, bind values only
      if (typeof value === 'function') throw new Error(`report parameter :${name} is a function`);
    }
    const [query, values] = this.db.driver.escapeQueryWithParameters(sql, {
      ...params,
      ...reachCondition(this.reach, '').params,
      workflow: this.workflow,
      now: this.now,
    });
    return (await this.db.query(query, values)) as ReportRow[];
  }

  stageOf(column: string): string {
    return stageSql(column, this.stages);
  }

  elapsedMs(from: string, to: string): string {
    return elapsedMsSql(from, to, this.isPostgres);
  }

  overdue(alias: string): string {
    return overdueSql(alias);
  }

  contextField(caseAlias: string, path: readonly string[]): string {
    if (!path.every((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))) {
      throw new Error(`contextField: path keys must be identifiers, got ${path.join('.')}`);
    }
    // json, not jsonb: one field of a snapshot read once is found in half the time without building jsonb
    return this.isPostgres
      ? `(CAST(${caseAlias}.snapshot AS json) #>> '{context,${path.join(',')}}')`
      : `json_extract(${caseAlias}.snapshot, '$.context.${path.join('.')}')`;
  }

  num(value: string | number | null | undefined): number {
    return num(value);
  }
}
