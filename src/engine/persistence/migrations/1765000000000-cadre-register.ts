import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * The cadre register (干部名册): the people on each unit's record, with post and rank; and units of a
 * kind (a department under a committee or government unit, with the leader who oversees it, 分管领导).
 * The units there are already are the handling bodies of cases: they become `committee`.
 */
export class CadreRegister1765000000000 implements MigrationInterface {
  name = 'CadreRegister1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const text = (name: string, length: number, nullable = false) =>
      ({ name, type: 'varchar', length: String(length), isNullable: nullable }) as const;
    await q.addColumn('unit', new TableColumn({ ...text('kind', 16), default: "'committee'" }));
    await q.addColumn('unit', new TableColumn(text('leader_ref', 200, true)));
    await q.createTable(
      new Table({
        name: 'cadre',
        columns: [
          { ...text('id', 36), isPrimary: true },
          text('unit_code', 64),
          text('ref', 200),
          text('name', 200),
          text('post', 200, true),
          text('rank', 64, true),
          text('department_code', 64, true),
          { ...text('status', 8), default: "'active'" },
          text('left_at', 24, true),
          text('created_at', 24),
          text('updated_at', 24),
        ],
        uniques: [{ name: 'UQ_cadre_unit_ref', columnNames: ['unit_code', 'ref'] }],
        indices: [{ name: 'IDX_cadre_ref', columnNames: ['ref'] }],
        foreignKeys: [
          {
            name: 'FK_cadre_unit',
            columnNames: ['unit_code'],
            referencedTableName: 'unit',
            referencedColumnNames: ['code'],
          },
          {
            name: 'FK_cadre_department',
            columnNames: ['department_code'],
            referencedTableName: 'unit',
            referencedColumnNames: ['code'],
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('cadre');
    await q.dropColumn('unit', 'leader_ref');
    await q.dropColumn('unit', 'kind');
  }
}
