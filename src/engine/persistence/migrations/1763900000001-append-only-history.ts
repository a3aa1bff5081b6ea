import type { MigrationInterface, QueryRunner } from 'typeorm';

/** UPDATE and DELETE on the history are refused by the database itself, not only by the application. */
export class AppendOnlyHistory1763900000001 implements MigrationInterface {
  name = 'AppendOnlyHistory1763900000001';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query(`CREATE FUNCTION wenze_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'transition history is append-only'; END $$`);
      await q.query(`CREATE TRIGGER transition_append_only BEFORE UPDATE OR DELETE ON "transition"
        FOR EACH ROW EXECUTE FUNCTION wenze_history_append_only()`);
      return;
    }
    for (const op of ['UPDATE', 'DELETE']) {
      await q.query(`CREATE TRIGGER transition_no_${op.toLowerCase()} BEFORE ${op} ON "transition"
        BEGIN SELECT RAISE(ABORT, 'transition history is append-only'); END`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query(`DROP TRIGGER transition_append_only ON "transition"`);
      await q.query(`DROP FUNCTION wenze_history_append_only()`);
      return;
    }
    await q.query(`DROP TRIGGER transition_no_update`);
    await q.query(`DROP TRIGGER transition_no_delete`);
  }
}
