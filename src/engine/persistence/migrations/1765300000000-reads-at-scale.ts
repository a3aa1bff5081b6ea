import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * Indexes for newest-first pages at 1,000,000 cases and 10,000,000 history rows (bench/reads.ts).
 *
 * - A page of cases within a reach of several units walks the creation-time index and checks each
 *   case's unit (see Jurisdiction.pageCondition). With the unit in the index, that check reads no case
 *   row (on SQLite `unit_id` is the last column, stored after the snapshot: every check read it).
 * - The audit page walks the history's time index and checks the unit of each row's case:
 *   IDX_case_id_unit answers that from the index alone. The time index gets the id, the page's
 *   tie-breaker, so that PostgreSQL reads the page in order instead of sorting (SQLite has it already).
 */
export class ReadsAtScale1765300000000 implements MigrationInterface {
  name = 'ReadsAtScale1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'case',
      new TableIndex({ name: 'IDX_case_created_unit', columnNames: ['created_at', 'id', 'unit_id'] }),
    );
    await q.dropIndex('case', 'IDX_case_created');
    await q.createIndex(
      'case',
      new TableIndex({
        name: 'IDX_case_status_created_unit',
        columnNames: ['status', 'created_at', 'id', 'unit_id'],
      }),
    );
    await q.dropIndex('case', 'IDX_case_status_created');
    await q.createIndex('case', new TableIndex({ name: 'IDX_case_id_unit', columnNames: ['id', 'unit_id'] }));
    await q.createIndex(
      'transition',
      new TableIndex({ name: 'IDX_transition_at_id', columnNames: ['at', 'id'] }),
    );
    await q.dropIndex('transition', 'IDX_transition_at');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('transition', new TableIndex({ name: 'IDX_transition_at', columnNames: ['at'] }));
    await q.dropIndex('transition', 'IDX_transition_at_id');
    await q.dropIndex('case', 'IDX_case_id_unit');
    await q.createIndex(
      'case',
      new TableIndex({ name: 'IDX_case_status_created', columnNames: ['status', 'created_at', 'id'] }),
    );
    await q.dropIndex('case', 'IDX_case_status_created_unit');
    await q.createIndex(
      'case',
      new TableIndex({ name: 'IDX_case_created', columnNames: ['created_at', 'id'] }),
    );
    await q.dropIndex('case', 'IDX_case_created_unit');
  }
}
