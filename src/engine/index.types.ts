import type { ReportRow } from './report.types';

/*
 * Indices (考核指数): per unit and calendar year, figures the catalogue declares (workflows/), each
 * computed from the data the engine holds and served with its numerator, denominator and rule by
 * src/indices. src/ knows no figure's meaning: only how to count, rank and serve what is declared.
 */

/** Text in both languages (the same shape as workflow.types' Label, which imports this file). */
export interface Label {
  zh: string;
  en: string;
}

/** A case the index queries read, with its machine context parsed from the snapshot. */
export interface IndexCase<TContext = unknown> {
  id: string;
  workflow: string;
  /** The handling unit's code. */
  unit: string;
  title: string;
  state: string;
  outcome: string | null;
  createdAt: string;
  subject: { id: string; ref: string; kind: string; name: string } | null;
  context: TContext;
}

/** Which cases of a workflow may count for the year (the rest are not read). */
export interface CaseNarrowing {
  /** Only cases whose context holds the year asked for at this path (e.g. ['year'] for a yearly case). */
  yearAt?: readonly string[];
  /** Only cases opened before the year ended (what happened in the year happened to them). */
  openedByYearEnd?: boolean;
  /**
   * The cases of every unit within the caller's reach, not only those of the units asked for: what
   * concerns the units' people wherever it is handled (e.g. a finding against a cadre of a township,
   * handled by the county's commission).
   */
  withinReach?: boolean;
  /** Only cases ended with one of these outcomes. */
  outcomes?: readonly string[];
  /** Only cases whose context holds one of `values` at the path `at` (a text field). */
  contextIn?: { at: readonly string[]; values: readonly string[] };
  /** Only cases whose subject is a person on the registers of the units asked for (see `cadres`). */
  subjectOnRegister?: boolean;
  /**
   * With `withinReach`: only the cases of the units asked for, and those about one of them (whose
   * subject's ref is the code of a unit asked for), wherever handled.
   */
  concerningUnits?: boolean;
}

/** A department (a unit of kind department) right under one of the units asked for. */
export interface IndexDepartment {
  code: string;
  name: string;
  /** The unit it lies under (one of the units asked for). */
  parentCode: string;
  /** Its overseeing leader (分管领导): a ref on the register; null when none is recorded. */
  leaderRef: string | null;
}

/** A person on the register (干部名册) of one of the units asked for, at some time in the year. */
export interface IndexCadre {
  /** The unit whose register lists them. */
  unit: string;
  ref: string;
  name: string;
  post: string | null;
  departmentCode: string | null;
}

/** What an index may ask of the store, for one year and a set of units within the caller's reach. */
export interface IndexQueries {
  /** The calendar year asked for. */
  readonly year: number;
  /** The year's first instant and the next year's first instant (ISO 8601, UTC), by the deployment's calendar. */
  readonly yearStart: string;
  readonly yearEnd: string;
  /** The request time, ISO 8601. */
  readonly now: string;
  /** The codes of the units asked for (the unit and those below it; for a drill-down, the unit alone). */
  readonly units: readonly string[];
  readonly isPostgres: boolean;
  /** Whether an instant (ISO 8601) falls in the year; false for null or a bad date. */
  inYear(iso: string | null | undefined): boolean;
  /**
   * Runs SQL with `:name` parameters; `:yearStart`, `:yearEnd` and `:now` are always bound. The SQL must
   * select its cases with `inScope` (it is refused otherwise).
   */
  rows(sql: string, params?: Record<string, unknown>): Promise<ReportRow[]>;
  /** SQL that is true for the cases an index counts: those of the units asked for, within reach. */
  inScope(caseAlias: string): string;
  /** SQL that is true for every case within the caller's reach, whichever unit handles it. */
  inReach(caseAlias: string): string;
  /** The departments right under the units asked for, with their overseeing leaders. */
  departments(): Promise<IndexDepartment[]>;
  /**
   * The people on the registers of the units asked for at some time in the year, up to now: on it
   * before the year's end (and now), and not gone before the year began.
   */
  cadres(): Promise<IndexCadre[]>;
  /**
   * SQL that is true when the text column `refColumn` (a person's ref) is on the registers of the
   * units asked for at some time in the year, as `cadres` lists them.
   */
  onRegister(refColumn: string): string;
  /** SQL for a text field of the case's machine context (json_extract on SQLite, json on PostgreSQL). */
  contextField(caseAlias: string, path: readonly string[]): string;
  /** SQL that is true when deadline row `alias` is overdue now. */
  overdue(alias: string): string;
  /**
   * The in-scope cases of a workflow with their contexts, for figures computed over arrays in the context;
   * `narrow` leaves out in SQL the cases that cannot count for the year.
   */
  cases<TContext>(workflow: string, narrow?: CaseNarrowing): Promise<IndexCase<TContext>[]>;
  /** A number from a driver value. */
  num(value: string | number | null | undefined): number;
}

/**
 * One thing counted by a figure: a task, an item, a person, a measure, a case. A figure is the sum of
 * its facts' numerators over the sum of their denominators; a count has denominators of 0.
 */
export interface IndexFact {
  /** The unit whose figure it counts (a handling unit's code). */
  unit: string;
  /** The cases behind it (the drill-down lists them). */
  cases: string[];
  numerator: number;
  denominator: number;
  /** What it is, in words (e.g. "task t3 due 2026-05-01, done 2026-04-28"). */
  detail: string | null;
  /** The same for readers, in Chinese and English (days in Beijing time). */
  text?: Label;
}

/** A figure's sums for one unit: what its facts of that unit add up to. */
export interface IndexCount {
  unit: string;
  numerator: number;
  denominator: number;
}

export interface IndexDefinition {
  /** How the figure is computed, in words, served beside it. */
  rule: Label;
  /** The facts of the year over the in-scope cases. */
  facts(q: IndexQueries): Promise<IndexFact[]>;
  /**
   * The same figure summed per unit in the store, without building each fact: the report reads it when
   * declared (a city's thousands of measures), the drill-down reads the facts. It must equal the sums
   * of the facts, unit by unit (test/indices-counts.e2e-spec.ts holds every declared one to that).
   */
  counts?(q: IndexQueries): Promise<IndexCount[]>;
}

/** A rate of the indicator plan: scored, weighted and ranked. */
export interface RateDefinition extends IndexDefinition {
  code: string;
  label: Label;
  /** Its weight in the score (the weights of the rates that exist are renormalised). */
  weight: number;
}

/** A figure beside the rates, with its name for exports (and, for a share, the names of its parts). */
export interface FigureDefinition extends IndexDefinition {
  label: Label;
  parts?: { numerator: Label; denominator: Label };
}

/** What the catalogue declares for GET /indices; what each figure counts is the catalogue's to say. */
export interface IndicesCatalogue {
  /** What the indices are called, for the export's title and file name. */
  title?: Label;
  /** The rates of the plan, in order. */
  rates: readonly RateDefinition[];
  /** A share of the measures decided in the year (the soft means among them). */
  softMeasures: FigureDefinition;
  /** Cases opened from the unit's cases against further persons: a count. */
  linkedCases: FigureDefinition;
  /** Clues not pursued: a count. */
  declinedClues: FigureDefinition;
  /** People a measure restricts now (one fact per person): a count. */
  restrictedNow: FigureDefinition;
}
