import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ENGINE_LANGUAGE } from './engine-language';
import { DEADLINE_ACTOR, isSystemActor, LINKED_CASE_ACTOR, type Actor } from './actor';
import { authoriseEvent } from './event-authoriser';
import { Clock } from './clock';
import { bookDeadlines } from './deadlines/deadline.book';
import { DeadlinePlanner } from './deadlines/deadline.planner';
import { EffectHandlers } from './effects/effect.handlers';
import type { CommitResult } from './engine.listener';
import type { Applied, ApplyOptions, DryRunResult, Prepared } from './write-core.types';
import { EngineError, EngineErrorCode, IllegalOperationError, NotFoundError } from './errors';
import { historyRow } from './history/history-row';
import { serialiseSnapshot, stateLabel } from './machine-snapshot';
import type { CaseEntity } from './persistence/case.entity';
import { HotPathSql } from './persistence/hot-path.sql';
import { CaseReadModels } from './read-models';
import { TransactionRunner } from './persistence/transaction.runner';
import { checkRevision, RevisionConflict, withRetry } from './retry';
import { isRecordEvent, type RecordKind } from './history/record-event';
import { appendRecord } from './record.step';
import { canTake, stepCase } from './transition.step';
import { Jurisdiction } from './units/jurisdiction';
import { WorkflowRegistry } from './workflow.registry';
import type { Language, MachineEvent, WorkflowDefinition } from './workflow.types';

export type { Applied, ApplyOptions, DryRunResult } from './write-core.types';

/**
 * The one path for every change of a case: load (locked) → authorise → validate → pure transition →
 * one transaction holding the snapshot, the history row, the deadline rows and the effects.
 */
@Injectable()
export class WriteCore {
  private readonly sql: HotPathSql;
  private readonly readModels: CaseReadModels;

  constructor(
    private readonly registry: WorkflowRegistry,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(DeadlinePlanner) private readonly planner: DeadlinePlanner,
    private readonly effects: EffectHandlers,
    private readonly jurisdiction: Jurisdiction,
    @Inject(ENGINE_LANGUAGE) private readonly language: Language,
  ) {
    this.sql = new HotPathSql(tx.isPostgres);
    this.readModels = new CaseReadModels(tx.isPostgres);
  }

  async apply(
    caseId: string,
    type: string,
    rawPayload: unknown,
    actor: Actor,
    options: ApplyOptions = {},
  ): Promise<Applied | DryRunResult> {
    const started = performance.now();
    const at = options.deadline?.dueAt ?? this.clock.now().toISOString();
    const prepare = async (row: CaseEntity, m?: EntityManager): Promise<Prepared> => {
      if (actor !== DEADLINE_ACTOR) await this.jurisdiction.assertReads(actor, row.unitId, row.id, m);
      const wf = this.registry.get(row.workflow, row.workflowVersion);
      const { deadline } = options;
      const payload = await authoriseEvent(wf, row, type, rawPayload, actor, deadline, this.jurisdiction);
      const units = Object.hasOwn(wf.events, type) ? wf.events[type].units?.(payload) : undefined;
      if (units) await this.jurisdiction.assertBelow(units, row.unitId, m);
      return { wf, event: { type, payload, at, actor: actor.sub } };
    };
    const timing = { validateMs: 0, queueMs: 0, txMs: 0 };
    // PostgreSQL: the case is read once, locked, in the transaction, and checked there.
    if (this.tx.isPostgres && !options.dryRun) return this.commit(caseId, prepare, actor, options, timing);
    const found = await this.sql.peekCase(this.tx.dataSource, caseId);
    if (!found) throw new NotFoundError(EngineErrorCode.CASE_NOT_FOUND, `No case ${caseId}`);
    const { wf, event } = await prepare(found);
    if (options.dryRun) return this.predict(wf, found, event, options);
    timing.validateMs = performance.now() - started;
    return this.commit(caseId, async () => ({ wf, event }), actor, options, timing, found);
  }

  /** A fact on the chain, not a machine event (record-event.ts), by its kind's reach rule; due deadlines fire first. */
  async record(
    caseId: string,
    kind: RecordKind,
    payload: Record<string, unknown>,
    actor: Actor,
    options: Pick<ApplyOptions, 'ifMatch' | 'completeRecord'> = {},
  ) {
    const at = this.clock.now().toISOString();
    const prepare = async (row: CaseEntity, m?: EntityManager): Promise<Prepared> => {
      // The service's own records (a deadline re-planned) are under no unit's reach.
      if (!isSystemActor(actor)) {
        await this.jurisdiction.assertReads(actor, row.unitId, row.id, m); // first: outside reach, no case
        this.jurisdiction.assertActs(actor, row.unitId, kind.reach === 'above');
      }
      const wf = this.registry.get(row.workflow, row.workflowVersion);
      return { wf, event: { type: kind.type, payload, at, actor: actor.sub } };
    };
    // The case is read in the transaction (locked on PostgreSQL) and checked there.
    return this.commit(caseId, prepare, actor, options, { validateMs: 0, queueMs: 0, txMs: 0 });
  }

  /**
   * One transaction (retried on a revision conflict) for an event `prepare` checks and builds on the
   * case row. SQLite: the first attempt works on the row the caller read (`found`) instead of reading
   * it again; the revision check of the update catches a change in between, and a retry re-reads.
   */
  private async commit(
    caseId: string,
    prepare: (row: CaseEntity, m?: EntityManager) => Promise<Prepared>,
    actor: Actor,
    options: ApplyOptions,
    timing: Applied['timing'],
    found?: CaseEntity,
  ): Promise<Applied> {
    let preloaded = this.tx.isPostgres ? undefined : found;
    const applied = await withRetry(
      () =>
        this.tx.run((m) => {
          const row = preloaded;
          preloaded = undefined;
          return this.commitEvent(m, caseId, prepare, actor, options, row);
        }, timing),
      options.ifMatch,
    );
    applied.timing = timing;
    return applied;
  }

  /**
   * An event sent by a linked case (notifyCase), inside that case's transaction: the target's due
   * deadlines fire first, then the event, as the system. A target whose workflow does not declare
   * the event, or whose state does not take it, is left as it is (false).
   */
  async applyLinked(
    m: EntityManager,
    caseId: string,
    type: string,
    payload: object,
    at: string,
    parent: CommitResult,
  ) {
    const row = await this.sql.readCase(m, caseId);
    const wf = row && this.registry.get(row.workflow, row.workflowVersion);
    if (!row || !wf || !Object.hasOwn(wf.linkedEvents ?? {}, type)) return false;
    const result = nothingYet(caseId, row, wf);
    const current = await this.fireOverdue(m, wf, row, at, result);
    const event: MachineEvent = { type, payload: { ...payload }, at, actor: LINKED_CASE_ACTOR.sub };
    const taken = canTake(wf, current, event);
    if (taken) await this.applyStep(m, wf, current, event, LINKED_CASE_ACTOR, result);
    parent.scheduled.push(...result.scheduled);
    parent.cancelled.push(...result.cancelled);
    return taken;
  }

  private async predict(
    wf: WorkflowDefinition,
    row: CaseEntity,
    event: MachineEvent,
    options: ApplyOptions,
  ): Promise<DryRunResult> {
    checkRevision(row, options.ifMatch);
    const { before, after, actions } = stepCase(wf, row, event);
    const steps = this.planner.plan(wf, actions, after.context, row, event.at);
    const effects = this.effects.of(wf, { before, after, event }, this.planner.calendar, this.language);
    await this.effects.check(effects, row);
    return {
      dryRun: true,
      from: stateLabel(before),
      to: stateLabel(after),
      snapshot: after,
      scheduled: steps.flatMap((s) => (s.op === 'schedule' ? [s.row] : [])),
      effects,
    };
  }

  private async commitEvent(
    m: EntityManager,
    caseId: string,
    prepare: (row: CaseEntity, m?: EntityManager) => Promise<Prepared>,
    actor: Actor,
    options: ApplyOptions,
    preloaded?: CaseEntity,
  ): Promise<Applied> {
    // On PostgreSQL the read locks the row (FOR UPDATE): writers to one case queue instead of racing.
    let row = preloaded ?? (await this.sql.readCase(m, caseId));
    if (!row) throw new NotFoundError(EngineErrorCode.CASE_NOT_FOUND, `No case ${caseId}`);
    // A retry of an event applied already (same Idempotency-Key and body) stops here: AlreadyApplied.
    await options.once?.check(m);
    // the transaction's manager: a read through the pool here could wait for a connection forever
    const { wf, event: prepared } = await prepare(row, m);
    let event = prepared;
    checkRevision(row, options.ifMatch);
    const result = nothingYet(caseId, row, wf);
    if (options.deadline) await this.markFired(m, options.deadline.id, event.at);
    else row = await this.fireOverdue(m, wf, row, event.at, result);
    const caughtUpTo = result.revision;
    if (options.completeRecord) {
      event = { ...event, payload: { ...event.payload, ...(await options.completeRecord(m, row)) } };
    }
    try {
      result.row = await this.applyStep(m, wf, row, event, actor, result);
    } catch (error) {
      // Deadlines that fell due before the refused event still count: keep them, refuse the event —
      // unless the event had written already (an effect refused it): then nothing of it may stay.
      const refusedBeforeWriting = result.revision === caughtUpTo;
      if (error instanceof EngineError && caughtUpTo !== undefined && refusedBeforeWriting) {
        result.refusal = error;
      } else throw error;
    }
    if (!result.refusal) await options.once?.remember(m, caseId, actor.sub, event.at);
    if (options.alsoRead && !result.refusal) result.alsoRead = await options.alsoRead(m, result.row);
    return result;
  }

  /**
   * Deadlines already due when a user's event arrives fire first, in order and stamped with their
   * due time, so an event can never slip in between a time limit and its (late) timer.
   */
  private async fireOverdue(
    m: EntityManager,
    wf: WorkflowDefinition,
    row: CaseEntity,
    at: string,
    result: Applied,
  ): Promise<CaseEntity> {
    let current = row;
    for (const d of await this.sql.dueDeadlines(m, row.id, at)) {
      // Cancelled by an earlier timeout in this loop: skip it.
      if (!(await this.sql.markFired(m, d.id, d.dueAt))) continue;
      const timeout: MachineEvent = { type: d.sendId, payload: {}, at: d.dueAt, actor: DEADLINE_ACTOR.sub };
      current = await this.applyStep(m, wf, current, timeout, DEADLINE_ACTOR, result);
      result.row = current;
      result.caughtUp = [...(result.caughtUp ?? []), d.id];
    }
    return current;
  }

  /** One transition on a locked row: snapshot, history row, deadline rows and effects. Returns the new row. */
  private async applyStep(
    m: EntityManager,
    wf: WorkflowDefinition,
    row: CaseEntity,
    event: MachineEvent,
    actor: Actor,
    result: Applied,
  ): Promise<CaseEntity> {
    if (isRecordEvent(event.type)) {
      const recorded = await appendRecord(this.sql, m, row, event, actor, result);
      await this.sql.insertOutbox(m, row.id, recorded.revision, event.at);
      return recorded;
    }
    const { before, after, actions } = stepCase(wf, row, event);
    result.snapshot = after;
    const steps = this.planner.plan(wf, actions, after.context, row, event.at);
    const history = historyRow(row, event, actor, stateLabel(before), stateLabel(after));
    const outcome = wf.outcome(after.context);
    const changes = {
      snapshot: serialiseSnapshot(after),
      state: history.toState,
      // Concluded (an outcome) is closed, even while the machine still takes a late event (a correction).
      status: after.status !== 'active' || outcome !== null ? ('closed' as const) : ('active' as const),
      outcome,
      revision: history.seq,
      headHash: history.hash,
      updatedAt: event.at > row.updatedAt ? event.at : row.updatedAt,
    };
    const written = await this.sql.writeStep(m, row.id, row.revision, changes, history);
    if (!written) throw new RevisionConflict();
    result.to = history.toState;
    result.revision = history.seq;
    await this.sql.insertOutbox(m, row.id, history.seq, event.at);
    const paths = history.toState.split(',');
    await bookDeadlines(m, wf, row.id, steps, paths, event.at, result, row.state.split(','));
    const effects = this.effects.of(wf, { before, after, event }, this.planner.calendar, this.language);
    if (effects.length)
      await this.effects.run(effects, { manager: m, workflow: wf, case: row, event, actor, result });
    const unitId = result.movedTo ?? row.unitId;
    await this.readModels.stepped(m, wf, row, { before, after, status: changes.status, unitId });
    return { ...row, ...changes, unitId };
  }

  private async markFired(m: EntityManager, deadlineId: string, at: string): Promise<void> {
    if (await this.sql.markFired(m, deadlineId, at)) return;
    const message = `Deadline ${deadlineId} is no longer pending`;
    throw new IllegalOperationError(EngineErrorCode.DEADLINE_SETTLED, message);
  }
}

/** The result of a step on `row` before anything is written. */
function nothingYet(caseId: string, row: CaseEntity, workflow: WorkflowDefinition): Applied {
  const timing = { validateMs: 0, queueMs: 0, txMs: 0 };
  return { caseId, created: false, scheduled: [], cancelled: [], row, workflow, timing };
}
