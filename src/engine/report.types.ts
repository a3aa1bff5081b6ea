/** A row of a report query: column name → value as the driver returns it. */
export type ReportRow = Record<string, string | number | null>;

/**
 * What a workflow's report may ask of the store. Reports are plain SQL over the engine's tables
 * (`case`, `transition`, `deadline`, `subject`, `measure`, `case_link`), written once for SQLite and
 * PostgreSQL: the helpers below hide the few dialect differences.
 */
export interface ReportQueries {
  /** The workflow the report is about (bind it as :workflow). */
  readonly workflow: string;
  /** The request time, ISO 8601. */
  readonly now: string;
  readonly isPostgres: boolean;
  /**
   * Runs SQL with `:name` parameters; `:workflow` and `:now` are always bound. The SQL must select
   * its cases with `inScope` (it is refused otherwise), so that a report counts only what the caller reaches.
   */
  rows(sql: string, params?: Record<string, unknown>): Promise<ReportRow[]>;
  /** SQL that is true for the cases a report counts: this workflow's, within the caller's reach. */
  inScope(caseAlias: string): string;
  /** SQL for the top-level stage of a (comma-joined) state path column. */
  stageOf(column: string): string;
  /** SQL for the milliseconds between two ISO 8601 text columns. */
  elapsedMs(from: string, to: string): string;
  /** SQL that is true when deadline row `alias` is overdue (its time limit passed and the work is not done). */
  overdue(alias: string): string;
  /** SQL for a text field of the case's machine context, e.g. contextField('c', ['subject', 'kind']). */
  contextField(caseAlias: string, path: readonly string[]): string;
  /** A number from a driver value (COUNT and SUM come back as strings on PostgreSQL). */
  num(value: string | number | null | undefined): number;
}

/** A key of a report's data as tables the service writes name it (the 统计台账). */
export interface ReportField {
  zh: string;
  en: string;
  /** Its values are keys of the catalogue's terms (an outcome, a measure type): written by their names. */
  named?: boolean;
  /** A fraction written as a percentage (the value kept, shown as 12.50%). */
  percent?: boolean;
}

export interface ReportDefinition {
  title: { zh: string; en: string };
  description?: string;
  /** The names of the keys of its data (records' keys, a record's keys); a key without one is written as it is. */
  fields?: Record<string, ReportField>;
  run(q: ReportQueries): Promise<unknown>;
}
