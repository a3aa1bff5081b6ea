import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** Notices (通知) drawn from an outbox of committed changes, and outbound webhooks with their delivery log. */
export class NoticesAndWebhooks1765700000000 implements MigrationInterface {
  name = 'NoticesAndWebhooks1765700000000';

  async up(q: QueryRunner): Promise<void> {
    const text = (name: string, length: number, nullable = false) =>
      ({ name, type: 'varchar', length: String(length), isNullable: nullable }) as const;
    await q.createTable(
      new Table({
        name: 'change_outbox',
        columns: [
          { ...text('case_id', 36), isPrimary: true },
          { name: 'revision', type: 'int', isPrimary: true },
          text('at', 24),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notice',
        columns: [
          { ...text('id', 36), isPrimary: true },
          { ...text('key', 200), isUnique: true },
          text('kind', 32),
          text('case_id', 36),
          text('unit_id', 64),
          text('role', 64, true),
          { name: 'above', type: 'boolean', default: false },
          text('recipient_sub', 200, true),
          text('actor_sub', 200, true),
          { name: 'params', type: 'text' },
          text('at', 24),
        ],
        indices: [
          { name: 'IDX_notice_unit_at', columnNames: ['unit_id', 'at'] },
          { name: 'IDX_notice_recipient', columnNames: ['recipient_sub', 'at'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notice_read',
        columns: [
          { ...text('notice_id', 36), isPrimary: true },
          { ...text('sub', 200), isPrimary: true },
          text('read_at', 24),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook',
        columns: [
          { ...text('id', 36), isPrimary: true },
          text('unit_id', 64),
          text('url', 2000),
          text('secret', 200),
          { name: 'kinds', type: 'text' },
          text('created_by', 200),
          text('created_at', 24),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_delivery',
        columns: [
          { ...text('id', 36), isPrimary: true },
          text('webhook_id', 36),
          text('notice_id', 36),
          { name: 'body', type: 'text' },
          text('status', 16),
          { name: 'attempts', type: 'int', default: 0 },
          { name: 'last_status', type: 'int', isNullable: true },
          text('last_error', 500, true),
          text('created_at', 24),
          text('last_attempt_at', 24, true),
          text('delivered_at', 24, true),
        ],
        indices: [
          { name: 'IDX_webhook_delivery_hook', columnNames: ['webhook_id', 'created_at'] },
          { name: 'IDX_webhook_delivery_status', columnNames: ['status'] },
          { name: 'UQ_webhook_delivery_notice', columnNames: ['webhook_id', 'notice_id'], isUnique: true },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['webhook_delivery', 'webhook', 'notice_read', 'notice', 'change_outbox'])
      await q.dropTable(table);
  }
}
