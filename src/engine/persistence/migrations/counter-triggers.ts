import { type QueryRunner, Table } from 'typeorm';

/*
 * Tables kept by the database itself from another's rows: row triggers run in the transaction of every
 * write to the source — the engine's, a migration's, an operator's — so what they keep cannot drift
 * from the rows. Counts of rows by key are the common case (Counter). For migrations (not one itself).
 */

/**
 * Triggers `<name>_insert`, `<name>_delete` and `<name>_update` (on the `watched` columns) on `source`,
 * for the rows that were or are `concerned`: SQL for the row as it was (OLD) and as it is (NEW), each
 * given the condition that row meets (`when`) where the trigger cannot know it (an update).
 * PostgreSQL runs them through one function, `<name>_change()`.
 */
export interface RowTriggers {
  name: string;
  source: string;
  watched: string[];
  /** Which source rows concern the triggers (`$.column`). */
  concerned: string;
  forOld(when: string, postgres: boolean): string[];
  forNew(when: string, postgres: boolean): string[];
}

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
  await createRowTriggers(q, counterTriggers(c));
}

export async function dropCounter(q: QueryRunner, c: Counter): Promise<void> {
  await dropRowTriggers(q, counterTriggers(c));
  await q.dropTable(c.table);
}

/** A counter's triggers: 1 taken from the key of the row as it was, 1 added to the key of the row as it is. */
function counterTriggers(c: Counter): RowTriggers {
  return {
    name: c.table,
    source: c.source,
    watched: c.watched,
    concerned: c.counts,
    forOld: (when, postgres) => [decrement(c, postgres, when)],
    forNew: (when, postgres) => [increment(c, postgres, when)],
  };
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

export async function createRowTriggers(q: QueryRunner, t: RowTriggers): Promise<void> {
  const postgres = q.connection.options.type === 'postgres';
  for (const sql of postgres ? postgresTriggers(t) : sqliteTriggers(t)) await q.query(sql);
}

export async function dropRowTriggers(q: QueryRunner, t: RowTriggers): Promise<void> {
  const postgres = q.connection.options.type === 'postgres';
  for (const op of ['insert', 'update', 'delete']) {
    await q.query(postgres ? `DROP TRIGGER ${t.name}_${op} ON ${t.source}` : `DROP TRIGGER ${t.name}_${op}`);
  }
  if (postgres) await q.query(`DROP FUNCTION ${t.name}_change()`);
}

function sqliteTriggers(t: RowTriggers): string[] {
  const was = on(t.concerned, 'OLD');
  const is = on(t.concerned, 'NEW');
  const body = (sql: string[]) => `BEGIN ${sql.join('; ')}; END`;
  return [
    `CREATE TRIGGER ${t.name}_insert AFTER INSERT ON ${t.source} WHEN ${is}
     ${body(t.forNew('true', false))}`,
    `CREATE TRIGGER ${t.name}_delete AFTER DELETE ON ${t.source} WHEN ${was}
     ${body(t.forOld('true', false))}`,
    `CREATE TRIGGER ${t.name}_update AFTER UPDATE OF ${t.watched.join(', ')} ON ${t.source}
     WHEN ${was} OR ${is}
     ${body([...t.forOld(was, false), ...t.forNew(is, false)])}`,
  ];
}

function postgresTriggers(t: RowTriggers): string[] {
  const was = on(t.concerned, 'OLD');
  const is = on(t.concerned, 'NEW');
  const fn = `${t.name}_change`;
  return [
    `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP <> 'INSERT' THEN ${t.forOld(was, true).join('; ')}; END IF;
       IF TG_OP <> 'DELETE' THEN ${t.forNew(is, true).join('; ')}; END IF;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER ${t.name}_insert AFTER INSERT ON ${t.source}
     FOR EACH ROW WHEN (${is}) EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER ${t.name}_delete AFTER DELETE ON ${t.source}
     FOR EACH ROW WHEN (${was}) EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER ${t.name}_update AFTER UPDATE OF ${t.watched.join(', ')} ON ${t.source}
     FOR EACH ROW WHEN (${was} OR ${is}) EXECUTE FUNCTION ${fn}()`,
  ];
}
