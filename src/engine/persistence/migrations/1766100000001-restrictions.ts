import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { type Counter, createCounter, dropCounter, sameColumn } from './counter-triggers';

/** A measure that restricts: in force (not lifted), with an impact period. */
const RESTRICTS = (row: string) => `(${row}.impact_until IS NOT NULL AND ${row}.lifted_at IS NULL)`;

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
     SELECT unit_id, subject_ref, MAX(impact_until) FROM measure m WHERE ${person} AND ${RESTRICTS('m')}
     GROUP BY unit_id, subject_ref`,
  ];
}

const WATCHED = 'unit_id, subject_ref, lifted_at, impact_until';

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
    const postgres = q.connection.options.type === 'postgres';
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
       SELECT unit_id, subject_ref, MAX(impact_until) FROM measure m WHERE ${RESTRICTS('m')}
       GROUP BY unit_id, subject_ref`,
    );
    await createCounter(q, BY_MONTH);
    for (const sql of postgres ? postgresTriggers() : sqliteTriggers()) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    for (const op of ['insert', 'update', 'delete']) {
      await q.query(
        postgres ? `DROP TRIGGER restriction_${op} ON measure` : `DROP TRIGGER restriction_${op}`,
      );
    }
    if (postgres) await q.query(`DROP FUNCTION restriction_change()`);
    await dropCounter(q, BY_MONTH);
    await q.dropIndex('measure', 'IDX_measure_unit_person');
    await q.dropTable('restriction');
  }
}

function sqliteTriggers(): string[] {
  const body = (...rows: string[]) => rows.flatMap(refresh).join('; ');
  return [
    `CREATE TRIGGER restriction_insert AFTER INSERT ON measure WHEN ${RESTRICTS('NEW')}
     BEGIN ${body('NEW')}; END`,
    `CREATE TRIGGER restriction_delete AFTER DELETE ON measure WHEN ${RESTRICTS('OLD')}
     BEGIN ${body('OLD')}; END`,
    `CREATE TRIGGER restriction_update AFTER UPDATE OF ${WATCHED} ON measure
     WHEN ${RESTRICTS('OLD')} OR ${RESTRICTS('NEW')}
     BEGIN ${body('OLD', 'NEW')}; END`,
  ];
}

function postgresTriggers(): string[] {
  return [
    `CREATE FUNCTION restriction_change() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP <> 'INSERT' THEN ${refresh('OLD').join('; ')}; END IF;
       IF TG_OP <> 'DELETE' THEN ${refresh('NEW').join('; ')}; END IF;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER restriction_insert AFTER INSERT ON measure
     FOR EACH ROW WHEN (${RESTRICTS('NEW')}) EXECUTE FUNCTION restriction_change()`,
    `CREATE TRIGGER restriction_delete AFTER DELETE ON measure
     FOR EACH ROW WHEN (${RESTRICTS('OLD')}) EXECUTE FUNCTION restriction_change()`,
    `CREATE TRIGGER restriction_update AFTER UPDATE OF ${WATCHED} ON measure
     FOR EACH ROW WHEN (${RESTRICTS('OLD')} OR ${RESTRICTS('NEW')}) EXECUTE FUNCTION restriction_change()`,
  ];
}
