import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import {
  type Counter,
  createCounter,
  createRowTriggers,
  dropCounter,
  dropRowTriggers,
  type RowTriggers,
  on,
  sameColumn,
} from './counter-triggers';

/** A measure that restricts: in force (not lifted), with an impact period. */
const RESTRICTS = '($.impact_until IS NOT NULL AND $.lifted_at IS NULL)';

/** restriction's rows by unit and the month (UTC, `YYYY-MM`) their period ends in. */
const BY_MONTH: Counter = {
  table: 'restriction_count',
  source: 'restriction',
  key: [
    sameColumn('unit_id'),
    { column: 'month', type: 'varchar', sqlite: 'substr($.until, 1, 7)', postgres: 'substr($.until, 1, 7)' },
  ],
  counts: '(1 = 1)',
  watched: ['unit_id', 'until'],
};

/** The statements that set the row of restriction of `row`'s (unit, person) from their measures. */
function refresh(row: string): string[] {
  const person = `unit_id = ${row}.unit_id AND subject_ref = ${row}.subject_ref`;
  return [
    `DELETE FROM restriction WHERE ${person}`,
    `INSERT INTO restriction (unit_id, subject_ref, until)
     SELECT unit_id, subject_ref, MAX(impact_until) FROM measure m WHERE ${person} AND ${on(RESTRICTS, 'm')}
     GROUP BY unit_id, subject_ref`,
  ];
}

/** On measure: the (unit, person) of a restricting row, as it was and as it is, set again. */
const REFRESH: RowTriggers = {
  name: 'restriction',
  source: 'measure',
  watched: ['unit_id', 'subject_ref', 'lifted_at', 'impact_until'],
  concerned: RESTRICTS,
  forOld: () => refresh('OLD'),
  forNew: () => refresh('NEW'),
};

/**
 * The people a unit's measures restrict, kept by the store (as counter-triggers.ts keeps its counts):
 * `restriction` holds per unit and person the latest end of an impact period among their measures in
 * force there, `restriction_count` those rows by unit and the month their period ends in. The people
 * restricted at an instant are then the counts of the months after its own, and the people whose
 * period ends in its month after it: a few rows per unit instead of every measure in force (a
 * province's 77,000 at 1,000,000 cases, counted distinct by person: 44 ms a report).
 */
export class Restrictions1766100000001 implements MigrationInterface {
  name = 'Restrictions1766100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'restriction',
        columns: [
          { name: 'unit_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'subject_ref', type: 'varchar', length: '200', isPrimary: true },
          { name: 'until', type: 'varchar', length: '24' },
        ],
        indices: [{ name: 'IDX_restriction_unit_until', columnNames: ['unit_id', 'until'] }],
      }),
    );
    // a person's measures in a unit, for the triggers' refresh
    await q.createIndex(
      'measure',
      new TableIndex({
        name: 'IDX_measure_unit_person',
        columnNames: ['unit_id', 'subject_ref', 'lifted_at', 'impact_until'],
      }),
    );
    await q.query(
      `INSERT INTO restriction (unit_id, subject_ref, until)
       SELECT unit_id, subject_ref, MAX(impact_until) FROM measure m WHERE ${on(RESTRICTS, 'm')}
       GROUP BY unit_id, subject_ref`,
    );
    await createCounter(q, BY_MONTH);
    await createRowTriggers(q, REFRESH);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropRowTriggers(q, REFRESH);
    await dropCounter(q, BY_MONTH);
    await q.dropIndex('measure', 'IDX_measure_unit_person');
    await q.dropTable('restriction');
  }
}
