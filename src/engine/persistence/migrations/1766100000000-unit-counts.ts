import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** A count of a table's rows by key, kept by the database itself (triggers) in the writing transaction. */
interface Counter {
  /** The table of counts: its key columns, then `n`. */
  table: string;
  /** The table counted. */
  source: string;
  /** The key's columns in `table`, each with its expression over a source row (`$.column`). */
  key: { column: string; type: 'varchar' | 'int'; sqlite: string; postgres: string }[];
  /** Which source rows count (`$.column`). */
  counts: string;
  /** The source columns whose change can move a row between keys or in or out of the count. */
  watched: string[];
}

/** The calendar year of an instant in Beijing (UTC+8), as the indices' years are. */
const BEIJING_YEAR = {
  sqlite: `CAST(strftime('%Y', $.decided_at, '+8 hours') AS INTEGER)`,
  postgres: `CAST(EXTRACT(YEAR FROM (CAST($.decided_at AS timestamptz) AT TIME ZONE 'UTC') + interval '8 hours') AS INTEGER)`,
};

const column = (name: string) => ({
  column: name,
  type: 'varchar' as const,
  sqlite: `$.${name}`,
  postgres: `$.${name}`,
});

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

const on = (sql: string, row: string) => sql.replace(/\$\./g, `${row}.`);

/**
 * Per-unit counts the indices and /metrics read instead of scanning rows: the overdue time limits by
 * unit and kind (a province's 112,000 at 1,000,000 cases took 43 ms to count per report) and the
 * measures in force by unit, year and type (its 145,000 of a year, 52 ms). Kept by triggers, so that
 * every write to the rows — the engine's, a migration's, an operator's — keeps them exact, in the same
 * transaction; filled here from the rows already stored.
 */
export class UnitCounts1766100000000 implements MigrationInterface {
  name = 'UnitCounts1766100000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    for (const c of COUNTERS) {
      await q.createTable(
        new Table({
          name: c.table,
          columns: [
            ...c.key.map((k) => ({
              name: k.column,
              type: k.type,
              ...(k.type === 'varchar' ? { length: '64' } : {}),
              isPrimary: true,
            })),
            { name: 'n', type: 'int' },
          ],
        }),
      );
      const keys = c.key.map((k) => k.column).join(', ');
      const values = c.key.map((k) => on(postgres ? k.postgres : k.sqlite, 'd')).join(', ');
      await q.query(
        `INSERT INTO ${c.table} (${keys}, n) SELECT ${values}, COUNT(*) FROM ${c.source} d
         WHERE ${on(c.counts, 'd')} GROUP BY ${values}`,
      );
      for (const sql of postgres ? postgresTriggers(c) : sqliteTriggers(c)) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    for (const c of COUNTERS) {
      for (const op of ['insert', 'update', 'delete']) {
        await q.query(
          postgres ? `DROP TRIGGER ${c.table}_${op} ON ${c.source}` : `DROP TRIGGER ${c.table}_${op}`,
        );
      }
      if (postgres) await q.query(`DROP FUNCTION ${c.table}_change()`);
      await q.dropTable(c.table);
    }
  }
}

/** SQL that adds 1 to the key of `row` (NEW), when `when` holds. */
function increment(c: Counter, postgres: boolean, when: string): string {
  const keys = c.key.map((k) => k.column).join(', ');
  const values = c.key.map((k) => on(postgres ? k.postgres : k.sqlite, 'NEW')).join(', ');
  return `INSERT INTO ${c.table} (${keys}, n) SELECT ${values}, 1 WHERE ${when}
    ON CONFLICT (${keys}) DO UPDATE SET n = ${c.table}.n + 1`;
}

/** SQL that takes 1 from the key of OLD, when `when` holds. */
function decrement(c: Counter, postgres: boolean, when: string): string {
  const match = c.key
    .map((k) => `${k.column} = ${on(postgres ? k.postgres : k.sqlite, 'OLD')}`)
    .join(' AND ');
  return `UPDATE ${c.table} SET n = n - 1 WHERE ${when} AND ${match}`;
}

function sqliteTriggers(c: Counter): string[] {
  const wasCounted = on(c.counts, 'OLD');
  const isCounted = on(c.counts, 'NEW');
  return [
    `CREATE TRIGGER ${c.table}_insert AFTER INSERT ON ${c.source} WHEN ${isCounted}
     BEGIN ${increment(c, false, 'true')}; END`,
    `CREATE TRIGGER ${c.table}_delete AFTER DELETE ON ${c.source} WHEN ${wasCounted}
     BEGIN ${decrement(c, false, 'true')}; END`,
    `CREATE TRIGGER ${c.table}_update AFTER UPDATE OF ${c.watched.join(', ')} ON ${c.source}
     WHEN ${wasCounted} OR ${isCounted}
     BEGIN ${decrement(c, false, wasCounted)}; ${increment(c, false, isCounted)}; END`,
  ];
}

function postgresTriggers(c: Counter): string[] {
  const wasCounted = on(c.counts, 'OLD');
  const isCounted = on(c.counts, 'NEW');
  const fn = `${c.table}_change`;
  return [
    `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP <> 'INSERT' THEN ${decrement(c, true, wasCounted)}; END IF;
       IF TG_OP <> 'DELETE' THEN ${increment(c, true, isCounted)}; END IF;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER ${c.table}_insert AFTER INSERT ON ${c.source}
     FOR EACH ROW WHEN (${isCounted}) EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER ${c.table}_delete AFTER DELETE ON ${c.source}
     FOR EACH ROW WHEN (${wasCounted}) EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER ${c.table}_update AFTER UPDATE OF ${c.watched.join(', ')} ON ${c.source}
     FOR EACH ROW WHEN (${wasCounted} OR ${isCounted}) EXECUTE FUNCTION ${fn}()`,
  ];
}
