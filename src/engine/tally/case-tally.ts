import type { EntityManager } from 'typeorm';
import { numbered, run } from '../persistence/prepared-statements';
import type { Tally, WorkflowDefinition } from '../workflow.types';

/** A tally as stored: every field present, instants in the engine's form. */
export interface StoredTally {
  kind: string;
  year: number | null;
  ref: string | null;
  at: string | null;
  doneAt: string | null;
  metAt: string | null;
  value: number | null;
}

/** An instant in the engine's form (it orders as text as in time); null when absent or unreadable. */
function instant(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

const stored = (t: Tally): StoredTally => ({
  kind: t.kind,
  year: t.year ?? null,
  ref: t.ref ?? null,
  at: instant(t.at),
  doneAt: instant(t.doneAt),
  metAt: instant(t.metAt),
  value: t.value ?? null,
});

/** The tallies of a case's context, as stored; none when the workflow declares none. */
export function talliesOf(wf: WorkflowDefinition, context: unknown): StoredTally[] {
  return wf.tallies ? wf.tallies(context).map(stored) : [];
}

/** Whether two answers of talliesOf are the same rows, in the same order. */
export function sameTallies(a: readonly StoredTally[], b: readonly StoredTally[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

/** The columns of case_tally in the order tallyValues gives them. */
export const TALLY_COLUMNS =
  'case_id, seq, workflow, kind, unit_id, opened_at, subject_ref, year, ref, at, done_at, met_at, value';

/** The case a tally row belongs to. */
export interface TallyOwner {
  id: string;
  workflow: string;
  unitId: string;
  /** When the case was opened. */
  createdAt: string;
  /** Its subject row. */
  subjectId: string;
}

/** A stored tally as the row's values, in TALLY_COLUMNS' order, with the ref of the case's subject. */
export const tallyValues = (
  c: Omit<TallyOwner, 'subjectId'>,
  subjectRef: string,
  t: StoredTally,
  seq: number,
): unknown[] => [
  c.id,
  seq,
  c.workflow,
  t.kind,
  c.unitId,
  c.createdAt,
  subjectRef,
  t.year,
  t.ref,
  t.at,
  t.doneAt,
  t.metAt,
  t.value,
];

/** The statements that keep a case's rows of `case_tally` (the hot path's prepared SQL). */
export class CaseTallySql {
  private readonly deleteSql: string;
  private readonly insertSql: string;
  private readonly subjectRefSql: string;

  constructor(postgres: boolean) {
    const sql = (text: string) => (postgres ? numbered(text) : text);
    this.deleteSql = sql(`DELETE FROM case_tally WHERE case_id = ?`);
    this.subjectRefSql = sql(`SELECT ref FROM subject WHERE id = ?`);
    this.insertSql = sql(
      `INSERT INTO case_tally (${TALLY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Replaces the case's rows with `tallies`, at its unit; inside the transaction of the change. */
  async write(m: EntityManager, c: TallyOwner, tallies: readonly StoredTally[]): Promise<void> {
    await run(m, this.deleteSql, [c.id]);
    if (!tallies.length) return;
    const { records } = await run<{ ref: string }>(m, this.subjectRefSql, [c.subjectId]);
    const subjectRef = records?.[0]?.ref ?? '';
    for (const [seq, t] of tallies.entries()) {
      await run(m, this.insertSql, tallyValues(c, subjectRef, t, seq));
    }
  }
}
