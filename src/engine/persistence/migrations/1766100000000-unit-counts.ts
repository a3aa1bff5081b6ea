import type { MigrationInterface, QueryRunner } from 'typeorm';
import { type Counter, createCounter, dropCounter, sameColumn as column } from './counter-triggers';

/** The calendar year of an instant in Beijing (UTC+8), as the indices' years are. */
const BEIJING_YEAR = {
  sqlite: `CAST(strftime('%Y', $.decided_at, '+8 hours') AS INTEGER)`,
  postgres: `CAST(EXTRACT(YEAR FROM (CAST($.decided_at AS timestamptz) AT TIME ZONE 'UTC') + interval '8 hours') AS INTEGER)`,
};

const COUNTERS: Counter[] = [
  {
    // overdueSql (persistence/overdue.ts): the time limit fired, it flags lateness, its work is not done
    table: 'overdue_count',
    source: 'deadline',
    key: [column('unit_id'), column('kind')],
    counts: `($.status = 'fired' AND $.flags_overdue AND $.settled_at IS NULL)`,
    watched: ['status', 'flags_overdue', 'settled_at', 'unit_id', 'kind'],
  },
  {
    // measures in force (not lifted), by the handling unit, the year they were decided in and their type
    table: 'measure_count',
    source: 'measure',
    key: [column('unit_id'), { column: 'year', type: 'int', ...BEIJING_YEAR }, column('type')],
    counts: `($.lifted_at IS NULL)`,
    watched: ['unit_id', 'decided_at', 'lifted_at', 'type'],
  },
];

/**
 * Per-unit counts the indices and /metrics read instead of scanning rows: the overdue time limits by
 * unit and kind (a province's 112,000 at 1,000,000 cases took 43 ms to count per report) and the
 * measures in force by unit, year and type (its 145,000 of a year, 52 ms). Kept by triggers, so that
 * every write to the rows keeps them exact, in the same transaction (counter-triggers.ts); filled here
 * from the rows already stored.
 */
export class UnitCounts1766100000000 implements MigrationInterface {
  name = 'UnitCounts1766100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const c of COUNTERS) await createCounter(q, c);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of COUNTERS) await dropCounter(q, c);
  }
}
