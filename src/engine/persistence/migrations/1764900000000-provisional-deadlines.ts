import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** Deadlines counted on a provisional holiday calendar (a year without an official schedule) say so. */
export class ProvisionalDeadlines1764900000000 implements MigrationInterface {
  name = 'ProvisionalDeadlines1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'deadline',
      new TableColumn({ name: 'provisional', type: 'boolean', default: false, isNullable: false }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('deadline', 'provisional');
  }
}
