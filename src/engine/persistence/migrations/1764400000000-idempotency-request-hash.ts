import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** The hash of the request an Idempotency-Key was first used for, so that reusing it for another is refused. */
export class IdempotencyRequestHash1764400000000 implements MigrationInterface {
  name = 'IdempotencyRequestHash1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'idempotency_key',
      new TableColumn({ name: 'request_hash', type: 'varchar', length: '64', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('idempotency_key', 'request_hash');
  }
}
