import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

const time = (name: string, nullable = false) => ({
  name,
  type: 'varchar',
  length: '24',
  isNullable: nullable,
});
const str = (name: string, length: number, nullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'subject',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('ref', 200),
          str('kind', 16),
          str('name', 200),
          str('organisation', 200, true),
          str('post', 200, true),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [new TableIndex({ name: 'UQ_subject_ref', columnNames: ['ref'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'case',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('workflow', 64),
          { name: 'workflow_version', type: 'int' },
          str('business_key', 200),
          str('title', 500),
          str('subject_id', 36),
          str('state', 200),
          str('status', 16),
          str('outcome', 64, true),
          { name: 'snapshot', type: 'text' },
          { name: 'revision', type: 'int' },
          str('head_hash', 64),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_case_workflow_business_key',
            columnNames: ['workflow', 'business_key'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_case_state', columnNames: ['state'] }),
          new TableIndex({ name: 'IDX_case_status', columnNames: ['status'] }),
          new TableIndex({ name: 'IDX_case_created', columnNames: ['created_at', 'id'] }),
          new TableIndex({ name: 'IDX_case_subject', columnNames: ['subject_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'case_link',
        columns: [
          { ...str('from_case_id', 36), isPrimary: true },
          { ...str('to_case_id', 36), isPrimary: true },
          str('relation', 64),
          time('created_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_case_link_to', columnNames: ['to_case_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'idempotency_key',
        columns: [
          { ...str('key', 200), isPrimary: true },
          str('actor_sub', 200),
          str('case_id', 36),
          time('created_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'transition',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          str('case_id', 36),
          { name: 'seq', type: 'int' },
          str('type', 200),
          { name: 'payload', type: 'text' },
          str('actor_sub', 200),
          str('actor_roles', 500),
          str('from_state', 500, true),
          str('to_state', 500),
          time('at'),
          str('prev_hash', 64),
          str('hash', 64),
        ],
        indices: [
          new TableIndex({ name: 'UQ_transition_case_seq', columnNames: ['case_id', 'seq'], isUnique: true }),
          new TableIndex({ name: 'IDX_transition_at', columnNames: ['at'] }),
          new TableIndex({ name: 'IDX_transition_actor', columnNames: ['actor_sub', 'at'] }),
          new TableIndex({ name: 'IDX_transition_type', columnNames: ['type'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'deadline',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('case_id', 36),
          str('kind', 64),
          time('due_at'),
          str('status', 16),
          str('send_id', 300),
          { name: 'flags_overdue', type: 'boolean' },
          time('created_at'),
          time('fired_at', true),
          time('settled_at', true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_deadline_status_due', columnNames: ['status', 'due_at'] }),
          new TableIndex({ name: 'IDX_deadline_case', columnNames: ['case_id', 'status'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'measure',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('subject_id', 36),
          str('case_id', 36),
          str('type', 64),
          str('detail', 64, true),
          time('decided_at'),
          time('impact_until', true),
          str('organisation', 200, true),
          str('post', 200, true),
          time('lifted_at', true),
          str('lifted_reason', 500, true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_measure_subject', columnNames: ['subject_id'] }),
          new TableIndex({ name: 'IDX_measure_case', columnNames: ['case_id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'measure',
      'deadline',
      'transition',
      'idempotency_key',
      'case_link',
      'case',
      'subject',
    ]) {
      await q.dropTable(t);
    }
  }
}
