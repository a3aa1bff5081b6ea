import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AnyMachineSnapshot } from 'xstate';
import { DEADLINE_ACTOR, TIMEOUT_EVENT_PREFIX, type Actor } from './actor';
import { Clock } from './clock';
import { bookDeadlines } from './deadlines/deadline.book';
import { delayOf } from './deadlines/deadline.planner';
import type { CommitResult } from './engine.listener';
import { ConflictError, EngineErrorCode, NotFoundError, UserInputError } from './errors';
import { historyRow } from './history/history-row';
import { resolveExactly, serialiseSnapshot, stateLabel } from './machine-snapshot';
import { CaseEntity } from './persistence/case.entity';
import { DeadlineEntity } from './persistence/deadline.entity';
import { CaseReadModels } from './read-models';
import { TransitionEntity } from './persistence/transition.entity';
import { TransactionRunner } from './persistence/transaction.runner';
import { checkRevision, RevisionConflict, withRetry } from './retry';
import { Jurisdiction } from './units/jurisdiction';
import { WorkflowRegistry } from './workflow.registry';
import type { MachineEvent, WorkflowDefinition } from './workflow.types';

export const MIGRATE_EVENT = 'MIGRATE';

/**
 * Moves a case to another deployed version of its workflow, mapping its state paths
 * (`{"submitted": "inReview"}`; unmapped paths are kept). Recorded in the history as MIGRATE.
 */
@Injectable()
export class CaseMigrator {
  private readonly readModels: CaseReadModels;

  constructor(
    private readonly registry: WorkflowRegistry,
    private readonly tx: TransactionRunner,
    @Inject(Clock) private readonly clock: Clock,
    private readonly jurisdiction: Jurisdiction,
  ) {
    this.readModels = new CaseReadModels(tx.isPostgres);
  }

  migrate(
    caseId: string,
    toVersion: number,
    stateMapping: Record<string, string>,
    actor: Actor,
    ifMatch?: number,
  ): Promise<CommitResult> {
    const at = this.clock.now().toISOString();
    return withRetry(
      () => this.tx.run((m) => this.migrateIn(m, caseId, toVersion, stateMapping, actor, at, ifMatch)),
      ifMatch,
    );
  }

  private async migrateIn(
    m: EntityManager,
    caseId: string,
    toVersion: number,
    stateMapping: Record<string, string>,
    actor: Actor,
    at: string,
    ifMatch?: number,
  ): Promise<CommitResult> {
    const lock = this.tx.isPostgres ? { mode: 'pessimistic_write' as const } : undefined;
    const row = await m.findOne(CaseEntity, { where: { id: caseId }, lock });
    if (!row) throw new NotFoundError(EngineErrorCode.CASE_NOT_FOUND, `No case ${caseId}`);
    await this.jurisdiction.assertReads(actor, row.unitId, row.id);
    checkRevision(row, ifMatch);
    const target = this.targetVersion(row, toVersion);
    const paths = row.state.split(',').map((p) => stateMapping[p] ?? p);
    const context = (JSON.parse(row.snapshot) as { context: unknown }).context;
    const after = resolveExactly(target, paths, context);
    const payload = { fromVersion: row.workflowVersion, toVersion, stateMapping };
    const event: MachineEvent = { type: MIGRATE_EVENT, payload, at, actor: actor.sub };
    const history = historyRow(row, event, actor, row.state, stateLabel(after));
    const updated = await m.update(
      CaseEntity,
      { id: caseId, revision: row.revision },
      {
        workflowVersion: toVersion,
        snapshot: serialiseSnapshot(after),
        state: history.toState,
        revision: history.seq,
        headHash: history.hash,
        updatedAt: at,
      },
    );
    if (updated.affected !== 1) throw new RevisionConflict();
    await m.insert(TransitionEntity, history);
    await this.readModels.migrated(m, target, row, after);
    const result: CommitResult = {
      caseId,
      created: false,
      to: history.toState,
      revision: history.seq,
      scheduled: [],
      cancelled: [],
    };
    await carryDeadlines(m, target, after, paths, result, at, row.state.split(','));
    return result;
  }

  private targetVersion(row: CaseEntity, toVersion: number): WorkflowDefinition {
    if (toVersion === row.workflowVersion) {
      throw new UserInputError(
        EngineErrorCode.PAYLOAD_INVALID,
        `The case is already on version ${toVersion}`,
      );
    }
    try {
      return this.registry.get(row.workflow, toVersion);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw new UserInputError(
        EngineErrorCode.WORKFLOW_NOT_FOUND,
        `Workflow ${row.workflow} version ${toVersion} is not deployed`,
        { deployed: this.registry.versions(row.workflow) },
      );
    }
  }
}

/**
 * Pending deadlines whose timeout the new version does not listen for move to the state that
 * now has a delay of the same name, keeping their due time; with no such state they are cancelled.
 */
async function carryDeadlines(
  m: EntityManager,
  target: WorkflowDefinition,
  after: AnyMachineSnapshot,
  paths: string[],
  result: CommitResult,
  at: string,
  before: string[],
): Promise<void> {
  const listens = (sendId: string) => after.can({ type: sendId, payload: {}, at, actor: DEADLINE_ACTOR.sub });
  const statePaths = [
    ...new Set(paths.flatMap((p) => p.split('.').map((_, i, keys) => keys.slice(0, i + 1).join('.')))),
  ];
  for (const d of await m.findBy(DeadlineEntity, { caseId: result.caseId, status: 'pending' })) {
    if (listens(d.sendId)) continue;
    const sendId = statePaths
      .map((p) => `${TIMEOUT_EVENT_PREFIX}${delayOf(d.sendId)}.${target.machine.id}.${p}`)
      .find(listens);
    await bookDeadlines(
      m,
      target,
      result.caseId,
      [{ op: 'cancel', sendId: d.sendId }],
      paths,
      at,
      result,
      before,
    );
    if (sendId) {
      // Same due time and the same start: a provisional limit is re-planned from when it began to run.
      const moved = { ...d, id: randomUUID(), sendId };
      await bookDeadlines(m, target, result.caseId, [{ op: 'schedule', row: moved }], paths, at, result);
    }
  }
}
