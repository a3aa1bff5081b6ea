import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** The fingerprint of each deployed workflow version's machine, recorded the first time it is deployed. */
export class WorkflowFingerprints1764900000001 implements MigrationInterface {
  name = 'WorkflowFingerprints1764900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'workflow_fingerprint',
        columns: [
          { name: 'workflow', type: 'varchar', length: '100', isPrimary: true },
          { name: 'version', type: 'int', isPrimary: true },
          { name: 'fingerprint', type: 'varchar', length: '64' },
          { name: 'definition', type: 'text' },
          { name: 'deployed_at', type: 'varchar', length: '24' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('workflow_fingerprint');
  }
}
