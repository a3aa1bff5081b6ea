import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/** The unit that holds cases opened before units existed. */
export const LEGACY_UNIT = { code: 'legacy', name: '启用管辖前的案件 Cases opened before units' };

/**
 * Jurisdiction: the organisation tree, each case's handling unit, and the access log (查阅登记), which
 * the database itself keeps append-only like the history.
 */
export class UnitsAndAccessLog1764500000000 implements MigrationInterface {
  name = 'UnitsAndAccessLog1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const text = (name: string, length: number, nullable = false) =>
      ({ name, type: 'varchar', length: String(length), isNullable: nullable }) as const;
    await q.createTable(
      new Table({
        name: 'unit',
        columns: [
          { ...text('code', 64), isPrimary: true },
          text('name', 200),
          text('parent_code', 64, true),
          text('path', 1000),
          text('created_at', 24),
        ],
        indices: [{ name: 'IDX_unit_path', columnNames: ['path'] }],
      }),
    );
    await q.addColumn('case', new TableColumn(text('unit_id', 64, true)));
    const [{ n }] = (await q.query(`SELECT COUNT(*) AS n FROM "case"`)) as { n: number | string }[];
    if (Number(n) > 0) {
      const now = new Date().toISOString();
      await q.query(
        q.connection.options.type === 'postgres'
          ? `INSERT INTO unit (code, name, parent_code, path, created_at) VALUES ($1, $2, NULL, $3, $4)`
          : `INSERT INTO unit (code, name, parent_code, path, created_at) VALUES (?, ?, NULL, ?, ?)`,
        [LEGACY_UNIT.code, LEGACY_UNIT.name, `/${LEGACY_UNIT.code}/`, now],
      );
      await q.query(`UPDATE "case" SET unit_id = '${LEGACY_UNIT.code}'`);
    }
    await q.createIndex(
      'case',
      new TableIndex({ name: 'IDX_case_unit_created', columnNames: ['unit_id', 'created_at', 'id'] }),
    );
    await q.createTable(
      new Table({
        name: 'access_log',
        columns: [
          { ...text('id', 36), isPrimary: true },
          text('at', 24),
          text('actor_sub', 200),
          { name: 'actor_roles', type: 'text' },
          text('actor_unit', 64, true),
          text('action', 64),
          text('case_id', 36, true),
          text('subject_id', 36, true),
          text('unit_id', 64, true),
          text('request_id', 200),
          { name: 'result_count', type: 'int', isNullable: true },
          { name: 'query', type: 'text', isNullable: true },
        ],
        indices: [
          { name: 'IDX_access_log_at', columnNames: ['at', 'id'] },
          { name: 'IDX_access_log_actor', columnNames: ['actor_sub', 'at'] },
          { name: 'IDX_access_log_case', columnNames: ['case_id'] },
        ],
      }),
    );
    if (q.connection.options.type === 'postgres') {
      await q.query(`CREATE FUNCTION wenze_access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$`);
      await q.query(`CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
        FOR EACH ROW EXECUTE FUNCTION wenze_access_log_append_only()`);
      return;
    }
    for (const op of ['UPDATE', 'DELETE']) {
      await q.query(`CREATE TRIGGER access_log_no_${op.toLowerCase()} BEFORE ${op} ON access_log
        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query(`DROP TRIGGER access_log_append_only ON access_log`);
      await q.query(`DROP FUNCTION wenze_access_log_append_only()`);
    }
    await q.dropTable('access_log');
    await q.dropIndex('case', 'IDX_case_unit_created');
    await q.dropColumn('case', 'unit_id');
    await q.dropTable('unit');
  }
}
