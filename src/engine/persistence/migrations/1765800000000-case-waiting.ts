import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * 我的待办's read model: per active case, the roles it waits for (own unit, or `above`), kept by the
 * engine in the transaction of every change of the case. Rows of the cases that exist already are
 * built at start-up (the engine's CaseWaitingBuilder: only it knows the workflows), which then sets
 * the `read_model` marker; until then the inbox scans the cases as before.
 */
export class CaseWaiting1765800000000 implements MigrationInterface {
  name = 'CaseWaiting1765800000000';

  async up(q: QueryRunner): Promise<void> {
    const text = (name: string, length: number) =>
      ({ name, type: 'varchar', length: String(length), isNullable: false }) as const;
    await q.createTable(
      new Table({
        name: 'case_waiting',
        columns: [
          { ...text('case_id', 36), isPrimary: true },
          { ...text('role', 64), isPrimary: true },
          { name: 'above', type: 'boolean', isPrimary: true },
          text('unit_id', 64),
          text('created_at', 24),
        ],
        indices: [
          // Duty events of the caller's own unit, newest first.
          {
            name: 'IDX_case_waiting_unit',
            columnNames: ['unit_id', 'role', 'above', 'created_at', 'case_id'],
          },
          // Events for a unit above: walked newest first, the unit checked against the reach on the index.
          {
            name: 'IDX_case_waiting_role',
            columnNames: ['role', 'above', 'created_at', 'case_id', 'unit_id'],
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'read_model',
        columns: [{ ...text('name', 64), isPrimary: true }, text('built_at', 24)],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('read_model');
    await q.dropTable('case_waiting');
  }
}
