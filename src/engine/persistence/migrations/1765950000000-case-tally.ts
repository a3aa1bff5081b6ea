import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * What the indices count inside cases (a list's key tasks, a rectification's items: a workflow's
 * `tallies`), kept beside each case by the engine in the transaction of every change, at the case's
 * handling unit: a unit's sums are then a range of an index instead of every case's snapshot parsed
 * per report (a city's 4,000 lists at 1,000,000 cases). Rows of the cases that exist already are built
 * at start-up (CaseTallyBuilder: only the engine knows the workflows), which then sets the `read_model`
 * marker `case_tally`; until then the indices count from the snapshots as before.
 */
export class CaseTally1765950000000 implements MigrationInterface {
  name = 'CaseTally1765950000000';

  async up(q: QueryRunner): Promise<void> {
    const text = (name: string, length: number, isNullable = false) =>
      ({ name, type: 'varchar', length: String(length), isNullable }) as const;
    await q.createTable(
      new Table({
        name: 'case_tally',
        columns: [
          { ...text('case_id', 36), isPrimary: true },
          { name: 'seq', type: 'int', isPrimary: true },
          text('workflow', 64),
          text('kind', 64),
          text('unit_id', 64),
          // the case's opening (case.created_at) and its subject's ref (a person, a unit assessed; a
          // subject row's ref never changes): the figures need no read of the case
          text('opened_at', 24),
          text('subject_ref', 200),
          { name: 'year', type: 'int', isNullable: true },
          text('ref', 200, true),
          text('at', 24, true),
          text('done_at', 24, true),
          text('met_at', 24, true),
          { name: 'value', type: 'double precision', isNullable: true },
        ],
        indices: [
          // a unit's tallies of a kind, by year and instant; with every column the figures read, so
          // that a unit's tallies are read from the index alone (a city's 1,472 surveys on PostgreSQL:
          // 24 ms fetching each row)
          {
            name: 'IDX_case_tally_unit',
            columnNames: [
              'workflow',
              'kind',
              'unit_id',
              'year',
              'at',
              'done_at',
              'met_at',
              'opened_at',
              'ref',
              'subject_ref',
              'value',
              'case_id',
            ],
          },
          // those about someone (a person, a unit assessed), wherever the case is handled
          {
            name: 'IDX_case_tally_subject',
            columnNames: ['workflow', 'kind', 'subject_ref', 'year', 'at'],
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM read_model WHERE name = 'case_tally'`);
    await q.dropTable('case_tally');
  }
}
