import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Readable case numbers (案件编号, e.g. 县纪〔2026〕问责12号): one counter per handling unit, year and
 * workflow, bumped in the transaction that opens the case; the number is kept on the case row. A
 * unit may have a short name (简称) that heads the number. Cases opened before have no number: they
 * were registered without one, and numbering them now would invent an order nobody registered.
 */
export class CaseNumbers1765600000000 implements MigrationInterface {
  name = 'CaseNumbers1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'case_number',
        columns: [
          { name: 'unit_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'year', type: 'int', isPrimary: true },
          { name: 'workflow', type: 'varchar', length: '64', isPrimary: true },
          { name: 'last', type: 'int' },
        ],
      }),
    );
    await q.addColumn(
      'case',
      new TableColumn({ name: 'case_no', type: 'varchar', length: '200', isNullable: true }),
    );
    await q.addColumn(
      'unit',
      new TableColumn({ name: 'short_name', type: 'varchar', length: '64', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('unit', 'short_name');
    await q.dropColumn('case', 'case_no');
    await q.dropTable('case_number');
  }
}
