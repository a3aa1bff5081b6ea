import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * Document numbers (文号): one counter per handling unit, year and number code, bumped inside the
 * transaction that records the document, so two documents never share a number (the row lock of the
 * upsert serialises writers of different cases on PostgreSQL; SQLite has one writer anyway).
 */
export class DocumentNumbers1764600000000 implements MigrationInterface {
  name = 'DocumentNumbers1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'document_number',
        columns: [
          { name: 'unit_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'year', type: 'int', isPrimary: true },
          { name: 'code', type: 'varchar', length: '64', isPrimary: true },
          { name: 'last', type: 'int' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('document_number');
  }
}
