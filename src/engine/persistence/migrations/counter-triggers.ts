import { type QueryRunner, Table } from 'typeorm';

/*
 * Counts of a table's rows by key, kept by the database itself: triggers on the table counted add and
 * take 1 in the transaction of every write to it — the engine's, a migration's, an operator's — so the
 * counts cannot drift from the rows. For migrations (not one itself).
 */

/** A count of a table's rows by key. */
export interface Counter {
  /** The table of counts: its key columns, then `n`. */
  table: string;
  /** The table counted. */
  source: string;
  /** The key's columns in `table`, each with its expression over a source row (`$.column`) per store. */
  key: { column: string; type: 'varchar' | 'int'; sqlite: string; postgres: string }[];
  /** Which source rows count (`$.column`). */
  counts: string;
  /** The source columns whose change can move a row between keys or in or out of the count. */
  watched: string[];
}

/** A key column that is the source's column of the same name. */
export const sameColumn = (name: string) => ({
  column: name,
  type: 'varchar' as const,
  sqlite: `$.${name}`,
  postgres: `$.${name}`,
});

/** `sql` with its `$.` references on `row` (NEW, OLD, an alias). */
export const on = (sql: string, row: string) => sql.replace(/\$\./g, `${row}.`);

/** Creates the counts' table, fills it from the rows stored, and adds the triggers that keep it. */
export async function createCounter(q: QueryRunner, c: Counter): Promise<void> {
  const postgres = q.connection.options.type === 'postgres';
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

export async function dropCounter(q: QueryRunner, c: Counter): Promise<void> {
  const postgres = q.connection.options.type === 'postgres';
  for (const op of ['insert', 'update', 'delete']) {
    await q.query(
      postgres ? `DROP TRIGGER ${c.table}_${op} ON ${c.source}` : `DROP TRIGGER ${c.table}_${op}`,
    );
  }
  if (postgres) await q.query(`DROP FUNCTION ${c.table}_change()`);
  await q.dropTable(c.table);
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
