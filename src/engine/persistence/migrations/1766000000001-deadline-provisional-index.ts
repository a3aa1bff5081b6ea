import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';
import { analyseIfAnalysed } from './1765850000000-case-workflow-unit-index';

/**
 * The pending deadlines counted on a provisional calendar (/metrics, wenze_deadlines_provisional) by
 * index alone. Without it the count read every pending deadline's row: at 1,000,000 cases 634,000
 * rows, 1.9 s on SQLite with the service's one connection held, at every scrape.
 */
export class DeadlineProvisionalIndex1766000000001 implements MigrationInterface {
  name = 'DeadlineProvisionalIndex1766000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'deadline',
      new TableIndex({ name: 'IDX_deadline_provisional', columnNames: ['provisional', 'status'] }),
    );
    await analyseIfAnalysed(q, 'IDX_deadline_provisional');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('deadline', 'IDX_deadline_provisional');
  }
}
