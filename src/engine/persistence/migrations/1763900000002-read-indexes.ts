import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * Indexes for the filtered, newest-first pages: `GET /audit?type=…` and `GET /cases?status=…` filter on
 * one column and sort on another, so with an index on the filter column alone the database read every
 * matching row and sorted them (about 200 ms with 1,000,000 history rows / 100,000 cases). With the sort
 * columns in the index it reads just the page. They replace the single-column indexes they start with.
 *
 * PostgreSQL also gets statistics on the expressions the `state` filter matches with LIKE (a parallel
 * state is a comma-separated label): without them it guessed a handful of matching rows, scanned and
 * sorted the whole table (50 ms at 100,000 cases) instead of walking IDX_case_created (0.2 ms).
 */
export class ReadIndexes1763900000002 implements MigrationInterface {
  name = 'ReadIndexes1763900000002';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('transition', 'IDX_transition_type');
    await q.createIndex(
      'transition',
      new TableIndex({ name: 'IDX_transition_type_at', columnNames: ['type', 'at', 'id'] }),
    );
    await q.dropIndex('case', 'IDX_case_status');
    await q.createIndex(
      'case',
      new TableIndex({ name: 'IDX_case_status_created', columnNames: ['status', 'created_at', 'id'] }),
    );
    if (await expressionStatistics(q)) {
      await q.query(`CREATE STATISTICS case_state_delimited ON ((',' || state || ',')) FROM "case"`);
      await q.query(`CREATE STATISTICS case_state_prefixed ON ((',' || state)) FROM "case"`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (await expressionStatistics(q)) {
      await q.query('DROP STATISTICS IF EXISTS case_state_delimited');
      await q.query('DROP STATISTICS IF EXISTS case_state_prefixed');
    }
    await q.dropIndex('case', 'IDX_case_status_created');
    await q.createIndex('case', new TableIndex({ name: 'IDX_case_status', columnNames: ['status'] }));
    await q.dropIndex('transition', 'IDX_transition_type_at');
    await q.createIndex('transition', new TableIndex({ name: 'IDX_transition_type', columnNames: ['type'] }));
  }
}

/** PostgreSQL 14 and later keep statistics on expressions. */
async function expressionStatistics(q: QueryRunner): Promise<boolean> {
  if (q.connection.options.type !== 'postgres') return false;
  const [{ version }] = (await q.query(`SELECT current_setting('server_version_num')::int AS version`)) as {
    version: number;
  }[];
  return version >= 140000;
}
