import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * A unit's full name (全称), as its documents sign and head them (中共青龙县纪律检查委员会): the short
 * name (县纪委监委) names it in lists; a unit without a full name signs with its short name's Chinese.
 */
export class UnitFullNames1765400000000 implements MigrationInterface {
  name = 'UnitFullNames1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'unit',
      new TableColumn({ name: 'full_name', type: 'varchar', length: '200', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('unit', 'full_name');
  }
}
