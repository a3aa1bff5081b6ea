import type { EntityManager } from 'typeorm';
import type { AnyMachineSnapshot } from 'xstate';
import type { CaseEntity } from './persistence/case.entity';
import { HotPathSql } from './persistence/hot-path.sql';
import { CaseTallySql, sameTallies, talliesOf } from './tally/case-tally';
import { sameWaiting, waitingRoles } from './waiting/waiting-roles';
import type { WorkflowDefinition } from './workflow.types';

type CaseRef = Pick<CaseEntity, 'id' | 'unitId' | 'createdAt' | 'subjectId'>;

/**
 * The read models the engine keeps beside each case, in the transaction of its every change: the roles
 * it waits for (case_waiting, the inbox) and what the indices count inside it (case_tally).
 */
export class CaseReadModels {
  private readonly sql: HotPathSql;
  private readonly tallies: CaseTallySql;

  constructor(postgres: boolean) {
    this.sql = new HotPathSql(postgres);
    this.tallies = new CaseTallySql(postgres);
  }

  /** A case opened: its rows as its first snapshot has them. */
  async opened(m: EntityManager, wf: WorkflowDefinition, c: CaseRef, snapshot: AnyMachineSnapshot) {
    await this.sql.writeWaiting(m, c, waitingRoles(wf, snapshot, 'active'));
    const tallies = talliesOf(wf, snapshot.context);
    if (tallies.length) await this.tallies.write(m, { ...c, workflow: wf.name }, tallies);
  }

  /**
   * A step of `row` (before → after, its new status), at the case's final unit (a transfer of
   * jurisdiction moves the case): each model rewritten only when its rows changed or the case moved.
   */
  async stepped(
    m: EntityManager,
    wf: WorkflowDefinition,
    row: CaseEntity,
    step: {
      before: AnyMachineSnapshot;
      after: AnyMachineSnapshot;
      status: CaseEntity['status'];
      unitId: string;
    },
  ) {
    const moved = step.unitId !== row.unitId;
    const c = { id: row.id, unitId: step.unitId, createdAt: row.createdAt, subjectId: row.subjectId };
    const waiting = waitingRoles(wf, step.after, step.status);
    if (moved || !sameWaiting(waitingRoles(wf, step.before, row.status), waiting)) {
      await this.sql.writeWaiting(m, c, waiting);
    }
    if (!wf.tallies) return;
    const tallies = talliesOf(wf, step.after.context);
    if (moved || !sameTallies(talliesOf(wf, step.before.context), tallies)) {
      await this.tallies.write(m, { ...c, workflow: wf.name }, tallies);
    }
  }

  /** A case moved to another version of its workflow: its rows as that version reads them. */
  async migrated(m: EntityManager, target: WorkflowDefinition, row: CaseEntity, after: AnyMachineSnapshot) {
    await this.sql.writeWaiting(m, row, waitingRoles(target, after, row.status));
    await this.tallies.write(m, { ...row, workflow: target.name }, talliesOf(target, after.context));
  }
}
