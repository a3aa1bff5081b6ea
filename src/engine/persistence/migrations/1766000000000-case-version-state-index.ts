import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';
import { analyseIfAnalysed } from './1765850000000-case-workflow-unit-index';

/**
 * The states the cases of each workflow version are in, by index alone: the health check's cases in
 * states their version does not know (WorkflowVersions.stranded) walks the distinct (workflow,
 * version, state) of it, one seek each, and counts only those in unknown states. Without it the check
 * grouped every case row: at 1,000,000 cases 5.9 s on SQLite, with the service's one connection held
 * (every request waited), once a minute while /health was asked.
 */
export class CaseVersionStateIndex1766000000000 implements MigrationInterface {
  name = 'CaseVersionStateIndex1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'case',
      new TableIndex({
        name: 'IDX_case_version_state',
        columnNames: ['workflow', 'workflow_version', 'state'],
      }),
    );
    await analyseIfAnalysed(q, 'IDX_case_version_state');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('case', 'IDX_case_version_state');
  }
}
