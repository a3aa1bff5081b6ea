import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { chainHash, GENESIS_HASH } from './history/hash-chain';
import { TransitionEntity } from './persistence/transition.entity';
import { CaseEntity, CaseLinkEntity, IdempotencyKeyEntity } from './persistence/case.entity';
import { TransactionRunner } from './persistence/transaction.runner';
import { DeadlineEntity } from './persistence/deadline.entity';
import { DeadlinePlanner, type DeadlineStep } from './deadlines/deadline.planner';
import { MetricsService } from '../metrics/metrics.service';
import { MeasureEntity, SubjectEntity } from './persistence/subject.entity';
import { DEADLINE_ACTOR, TIMEOUT_EVENT_PREFIX, type Actor } from './actor';
import { canonicalJson } from './history/canonical-json';
import { Clock } from './clock';
import { EngineErrorCode, EngineException } from './engine.errors';
import { HotPathSql } from './persistence/hot-path.sql';
import { restoreSnapshot, serialiseSnapshot, stateLabel, valueOfPaths } from './machine-snapshot';
import { payloadClassFor } from './payload-variants';
import { validatePayload } from './payload.validator';
import { WorkflowRegistry } from './workflow.registry';
import type {
  MachineEvent,
  OpenCaseInput,
  SubjectInput,
  WorkflowDefinition,
  WorkflowEffect,
} from './workflow.types';

export const OPEN_EVENT = 'OPEN';
export const MIGRATE_EVENT = 'MIGRATE';
const MAX_ATTEMPTS = 50;

export interface OpenCaseCommand {
  workflow: string;
  businessKey?: string;
  title: string;
  subject: SubjectInput;
  source: string;
  facts?: string;
  situation?: string;
}

export interface ApplyOptions {
  ifMatch?: number;
  dryRun?: boolean;
  /** For deadline firing: the deadline row being fired and its due time (stamped as `at`). */
  deadline?: { id: string; dueAt: string };
}

export interface CommitResult {
  caseId: string;
  created: boolean;
  /** The state and revision after the commit. */
  to?: string;
  revision?: number;
  /** Deadlines that were already due and fired before the event (see fireOverdue). */
  caughtUp?: string[];
  /** The event was refused after due deadlines were fired and committed. */
  refusal?: EngineException;
  /** Deadlines scheduled and cancelled by the commit, for the queue driver. */
  scheduled: DeadlineEntity[];
  cancelled: string[];
}

export interface DryRunResult {
  dryRun: true;
  from: string;
  to: string;
  snapshot: AnyMachineSnapshot;
  scheduled: DeadlineEntity[];
  effects: WorkflowEffect[];
}

/** Called after a commit that changed deadlines; the queue driver plugs in here. */
export interface DeadlineCommitListener {
  afterCommit(scheduled: DeadlineEntity[], cancelledIds: string[]): void;
}
export const DEADLINE_COMMIT_LISTENER = Symbol('DEADLINE_COMMIT_LISTENER');

class RevisionConflict extends Error {}

/**
 * The one path for every change: load → check → pure transition → effects → one transaction
 * holding the snapshot, the history row and the deadline rows.
 */
@Injectable()
export class EngineService {
  private readonly logger = new Logger(EngineService.name);
  private readonly sql: HotPathSql;

  constructor(
    private readonly registry: WorkflowRegistry,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly planner: DeadlinePlanner,
    private readonly metrics: MetricsService,
    @Optional() @Inject(DEADLINE_COMMIT_LISTENER) private readonly listener?: DeadlineCommitListener,
  ) {
    this.sql = new HotPathSql(tx.isPostgres);
  }

  async open(command: OpenCaseCommand, actor: Actor, idempotencyKey?: string): Promise<CommitResult> {
    const wf = this.registry.latest(command.workflow);
    this.checkRole(wf.openRoles, actor, `open a ${wf.name} case`);
    const result = await this.withRetry(() =>
      this.tx.run(async (m) => {
        const existing = await this.findExisting(m, wf, command, actor, idempotencyKey);
        if (existing) return { caseId: existing, created: false, scheduled: [], cancelled: [] };
        const at = this.clock.now().toISOString();
        const opened = await this.createCase(m, wf, command, actor, at);
        if (idempotencyKey) {
          await m.insert(IdempotencyKeyEntity, {
            key: idempotencyKey,
            actorSub: actor.sub,
            caseId: opened.caseId,
            createdAt: at,
          });
        }
        return opened;
      }),
    );
    this.notify(result);
    return result;
  }

  async apply(
    caseId: string,
    type: string,
    rawPayload: unknown,
    actor: Actor,
    options: ApplyOptions = {},
  ): Promise<CommitResult | DryRunResult> {
    const found = await this.sql.peekCase(this.tx.dataSource, caseId);
    if (!found) throw new EngineException(EngineErrorCode.CASE_NOT_FOUND, `No case ${caseId}`);
    const wf = this.registry.get(found.workflow, found.workflowVersion);
    const context = (JSON.parse(found.snapshot) as { context: unknown }).context;
    const payload = await this.authorise(wf, type, rawPayload, actor, context);
    const at = options.deadline?.dueAt ?? this.clock.now().toISOString();
    const event: MachineEvent = { type, payload, at, actor: actor.sub };
    if (options.dryRun) return this.predict(wf, found, event, actor, options);
    const stopTimer = this.metrics.applyDuration.startTimer({ workflow: wf.name });
    // SQLite: the first attempt works on the row just read instead of reading it again in the
    // transaction; the revision check of the update catches a change in between (and the retry re-reads).
    let preloaded: CaseEntity | undefined = this.tx.isPostgres ? undefined : found;
    const result = await this.withRetry(
      () =>
        this.tx.run((m) => {
          const row = preloaded;
          preloaded = undefined;
          return this.commitEvent(m, wf, caseId, event, actor, options, row);
        }),
      options.ifMatch,
    );
    stopTimer();
    this.notify(result);
    if (result.caughtUp?.length) {
      this.metrics.transitions.inc({ workflow: wf.name, event: 'timeout' }, result.caughtUp.length);
      this.logger.warn({ caseId, deadlines: result.caughtUp }, 'late deadlines fired before the event');
    }
    if (result.refusal) throw result.refusal;
    this.metrics.transitions.inc({
      workflow: wf.name,
      event: type.startsWith(TIMEOUT_EVENT_PREFIX) ? 'timeout' : type,
    });
    this.logger.log(
      { caseId, event: type, actor: actor.sub, to: result.to, revision: result.revision },
      'transition committed',
    );
    return result;
  }

  /**
   * Moves a case to another deployed version of its workflow, mapping its state paths
   * (`{"submitted": "inReview"}`; unmapped paths are kept). Recorded in the history as MIGRATE.
   * Pending deadlines whose timeout the new version still listens for are kept; the others are cancelled.
   */
  async migrate(
    caseId: string,
    toVersion: number,
    stateMapping: Record<string, string>,
    actor: Actor,
    ifMatch?: number,
  ): Promise<CommitResult> {
    const at = this.clock.now().toISOString();
    const result = await this.withRetry(
      () =>
        this.tx.run(async (m) => {
          const lock = this.tx.isPostgres ? { mode: 'pessimistic_write' as const } : undefined;
          const row = await m.findOne(CaseEntity, { where: { id: caseId }, lock });
          if (!row) throw new EngineException(EngineErrorCode.CASE_NOT_FOUND, `No case ${caseId}`);
          this.checkRevision(row, ifMatch);
          const target = this.targetVersion(row, toVersion);
          const paths = row.state.split(',').map((p) => stateMapping[p] ?? p);
          const context = (JSON.parse(row.snapshot) as { context: unknown }).context;
          const after = resolveExactly(target, paths, context);
          const payload = { fromVersion: row.workflowVersion, toVersion, stateMapping };
          const event: MachineEvent = { type: MIGRATE_EVENT, payload, at, actor: actor.sub };
          const history = this.historyRow(row, event, actor, row.state, stateLabel(after));
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
          const result: CommitResult = {
            caseId,
            created: false,
            to: history.toState,
            revision: history.seq,
            scheduled: [],
            cancelled: [],
          };
          await this.carryDeadlines(m, target, after, paths, result, at);
          return result;
        }),
      ifMatch,
    );
    this.logger.log(
      { caseId, event: MIGRATE_EVENT, actor: actor.sub, toVersion, to: result.to },
      'case migrated',
    );
    this.notify(result);
    return result;
  }

  /**
   * Pending deadlines whose timeout the new version does not listen for move to the state that
   * now has a delay of the same name, keeping their due time; with no such state they are cancelled.
   */
  private async carryDeadlines(
    m: EntityManager,
    target: WorkflowDefinition,
    after: AnyMachineSnapshot,
    paths: string[],
    result: CommitResult,
    at: string,
  ): Promise<void> {
    const listens = (sendId: string) =>
      after.can({ type: sendId, payload: {}, at, actor: DEADLINE_ACTOR.sub });
    const statePaths = [
      ...new Set(paths.flatMap((p) => p.split('.').map((_, i, keys) => keys.slice(0, i + 1).join('.')))),
    ];
    for (const d of await m.findBy(DeadlineEntity, { caseId: result.caseId, status: 'pending' })) {
      if (listens(d.sendId)) continue;
      const delay = d.sendId.slice(TIMEOUT_EVENT_PREFIX.length).split('.')[0];
      const sendId = statePaths
        .map((p) => `${TIMEOUT_EVENT_PREFIX}${delay}.${target.machine.id}.${p}`)
        .find(listens);
      await this.applyDeadlineSteps(m, result.caseId, [{ op: 'cancel', sendId: d.sendId }], at, result);
      if (sendId) {
        const moved = { ...d, id: randomUUID(), sendId, createdAt: at };
        await this.applyDeadlineSteps(m, result.caseId, [{ op: 'schedule', row: moved }], at, result);
      }
    }
  }

  private targetVersion(row: CaseEntity, toVersion: number): WorkflowDefinition {
    if (toVersion === row.workflowVersion) {
      throw new EngineException(
        EngineErrorCode.PAYLOAD_INVALID,
        `The case is already on version ${toVersion}`,
      );
    }
    try {
      return this.registry.get(row.workflow, toVersion);
    } catch {
      throw new EngineException(
        EngineErrorCode.WORKFLOW_NOT_FOUND,
        `Workflow ${row.workflow} version ${toVersion} is not deployed`,
        { deployed: this.registry.versions(row.workflow) },
      );
    }
  }

  /** Events the machine accepts now, whoever may send them. */
  allowedEvents(wf: WorkflowDefinition, snapshot: AnyMachineSnapshot): string[] {
    if (snapshot.status !== 'active') return [];
    return Object.keys(wf.events).filter((type) => {
      try {
        return snapshot.can({ type, payload: {}, at: new Date(0).toISOString(), actor: '' });
      } catch {
        return false;
      }
    });
  }

  private async authorise(
    wf: WorkflowDefinition,
    type: string,
    payload: unknown,
    actor: Actor,
    context: unknown,
  ) {
    if (type.startsWith(TIMEOUT_EVENT_PREFIX)) {
      if (actor.sub !== DEADLINE_ACTOR.sub) {
        throw new EngineException(
          EngineErrorCode.ROLE_FORBIDDEN,
          'Only the deadline timer sends timeout events',
        );
      }
      return (payload ?? {}) as Record<string, unknown>;
    }
    // Own keys only: `__proto__`, `constructor`, `toString`… are unknown events, not Object.prototype members.
    const policy = Object.hasOwn(wf.events, type) ? wf.events[type] : undefined;
    if (!policy) {
      throw new EngineException(
        EngineErrorCode.EVENT_UNKNOWN,
        `Unknown event "${type}" for workflow ${wf.name}`,
        {
          known: Object.keys(wf.events),
        },
      );
    }
    this.checkRole(policy.roles, actor, `send ${type}`);
    return validatePayload(type, payloadClassFor(policy, context), payload);
  }

  private checkRole(allowed: readonly string[], actor: Actor, what: string): void {
    if (!actor.roles.some((r) => allowed.includes(r))) {
      throw new EngineException(
        EngineErrorCode.ROLE_FORBIDDEN,
        `Your roles (${actor.roles.join(', ') || 'none'}) may not ${what}; it needs one of: ${allowed.join(', ')}`,
      );
    }
  }

  private async predict(
    wf: WorkflowDefinition,
    row: CaseEntity,
    event: MachineEvent,
    actor: Actor,
    options: ApplyOptions,
  ): Promise<DryRunResult> {
    this.checkRevision(row, options.ifMatch);
    const { before, after, actions } = this.step(wf, row, event);
    const steps = this.planner.plan(wf, actions, after.context, row.id, event.at);
    return {
      dryRun: true,
      from: stateLabel(before),
      to: stateLabel(after),
      snapshot: after,
      scheduled: steps.flatMap((s) => (s.op === 'schedule' ? [s.row] : [])),
      effects: this.effectsOf(wf, before, after, event),
    };
  }

  private step(wf: WorkflowDefinition, row: CaseEntity, event: MachineEvent) {
    const before = restoreSnapshot(wf.machine, row.snapshot);
    if (before.status !== 'active' || !before.can(event)) {
      const allowed = this.allowedEvents(wf, before);
      if (allowed.includes(event.type)) {
        const why = wf.explainRefusal?.(before.context, event) ?? 'a condition on its payload is not met';
        throw new EngineException(
          EngineErrorCode.EVENT_NOT_ALLOWED,
          `${event.type} is allowed in state ${stateLabel(before)}, but not with this payload: ${why}`,
          { state: stateLabel(before), allowedEvents: allowed },
        );
      }
      throw new EngineException(
        EngineErrorCode.EVENT_NOT_ALLOWED,
        `${event.type} is not allowed in state ${stateLabel(before)}` +
          (allowed.length ? `; allowed now: ${allowed.join(', ')}` : '; the case accepts no events'),
        { state: stateLabel(before), allowedEvents: allowed },
      );
    }
    const [after, actions] = transition(wf.machine, before, event);
    return { before, after, actions };
  }

  private async commitEvent(
    m: EntityManager,
    wf: WorkflowDefinition,
    caseId: string,
    event: MachineEvent,
    actor: Actor,
    options: ApplyOptions,
    preloaded?: CaseEntity,
  ): Promise<CommitResult> {
    // On PostgreSQL the read locks the row (FOR UPDATE): writers to one case queue instead of racing.
    let row = preloaded ?? (await this.sql.readCase(m, caseId));
    if (!row) throw new EngineException(EngineErrorCode.CASE_NOT_FOUND, `No case ${caseId}`);
    this.checkRevision(row, options.ifMatch);
    const result: CommitResult = { caseId, created: false, scheduled: [], cancelled: [] };
    if (options.deadline) {
      await this.markFired(m, options.deadline.id, event.at);
    } else {
      row = await this.fireOverdue(m, wf, row, event.at, result);
    }
    try {
      await this.applyStep(m, wf, row, event, actor, result);
    } catch (error) {
      // Deadlines that fell due before the refused event still count: keep them, refuse the event.
      if (error instanceof EngineException && result.revision !== undefined) result.refusal = error;
      else throw error;
    }
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
    result: CommitResult,
  ): Promise<CaseEntity> {
    const due = await this.sql.dueDeadlines(m, row.id, at);
    let current = row;
    for (const d of due) {
      const fresh = await m.findOneBy(DeadlineEntity, { id: d.id });
      if (fresh?.status !== 'pending') continue; // cancelled by an earlier timeout in this loop
      await this.markFired(m, d.id, d.dueAt);
      const timeout: MachineEvent = { type: d.sendId, payload: {}, at: d.dueAt, actor: DEADLINE_ACTOR.sub };
      current = await this.applyStep(m, wf, current, timeout, DEADLINE_ACTOR, result);
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
    result: CommitResult,
  ): Promise<CaseEntity> {
    const { before, after, actions } = this.step(wf, row, event);
    const steps = this.planner.plan(wf, actions, after.context, row.id, event.at);
    const history = this.historyRow(row, event, actor, stateLabel(before), stateLabel(after));
    const changes = {
      snapshot: serialiseSnapshot(after),
      state: history.toState,
      status: after.status === 'active' ? ('active' as const) : ('closed' as const),
      outcome: wf.outcome(after.context),
      revision: history.seq,
      headHash: history.hash,
      updatedAt: event.at > row.updatedAt ? event.at : row.updatedAt,
    };
    if (!(await this.sql.updateCase(m, row.id, row.revision, changes))) throw new RevisionConflict();
    await this.sql.insertTransition(m, history);
    result.to = history.toState;
    result.revision = history.seq;
    await this.applyDeadlineSteps(m, row.id, steps, event.at, result);
    await this.applyEffects(m, wf, row, this.effectsOf(wf, before, after, event), event, actor, result);
    return { ...row, ...changes };
  }

  private checkRevision(row: CaseEntity, ifMatch: number | undefined): void {
    if (ifMatch !== undefined && row.revision !== ifMatch) {
      throw new EngineException(
        EngineErrorCode.REVISION_STALE,
        `The case is at revision ${row.revision}, not ${ifMatch}: someone changed it since you read it`,
        { revision: row.revision, state: row.state },
      );
    }
  }

  private historyRow(row: CaseEntity, event: MachineEvent, actor: Actor, from: string | null, to: string) {
    const fields = {
      caseId: row.id,
      seq: row.revision + 1,
      type: event.type,
      payload: canonicalJson(event.payload),
      actorSub: actor.sub,
      actorRoles: canonicalJson([...actor.roles].sort()),
      fromState: from,
      toState: to,
      at: event.at,
      prevHash: row.headHash,
    };
    return { ...fields, hash: chainHash(fields) };
  }

  private async markFired(m: EntityManager, deadlineId: string, at: string): Promise<void> {
    if (!(await this.sql.markFired(m, deadlineId, at))) {
      throw new EngineException(
        EngineErrorCode.EVENT_NOT_ALLOWED,
        `Deadline ${deadlineId} is no longer pending`,
      );
    }
  }

  private async applyDeadlineSteps(
    m: EntityManager,
    caseId: string,
    steps: DeadlineStep[],
    at: string,
    result: CommitResult,
  ): Promise<void> {
    for (const step of steps) {
      if (step.op === 'schedule') {
        await m.insert(DeadlineEntity, step.row);
        result.scheduled.push(step.row);
        continue;
      }
      const open = await m.findBy(DeadlineEntity, { caseId, sendId: step.sendId, settledAt: IsNull() });
      for (const d of open) {
        const status = d.status === 'pending' ? 'cancelled' : d.status;
        await m.update(DeadlineEntity, { id: d.id }, { status, settledAt: at });
        if (status === 'cancelled') result.cancelled.push(d.id);
      }
    }
    result.scheduled = result.scheduled.filter((s) => !result.cancelled.includes(s.id));
  }

  private effectsOf(
    wf: WorkflowDefinition,
    before: AnyMachineSnapshot,
    after: AnyMachineSnapshot,
    event: MachineEvent,
  ) {
    return wf.effects({
      before: { value: before.value, context: before.context },
      after: { value: after.value, context: after.context },
      event,
      calendar: this.planner.calendar,
    });
  }

  private async applyEffects(
    m: EntityManager,
    wf: WorkflowDefinition,
    row: CaseEntity,
    effects: WorkflowEffect[],
    event: MachineEvent,
    actor: Actor,
    result: CommitResult,
  ): Promise<void> {
    for (const effect of effects) {
      if (effect.type === 'openLinkedCase') {
        const command = {
          workflow: wf.name,
          title: effect.title.slice(0, 500), // the title column's width
          subject: effect.subject,
          source: effect.source,
          facts: effect.facts,
        };
        const businessKey = fitKey(`${row.businessKey}/${effect.relation}/${effect.subject.ref}`);
        const exists = await m.findOneBy(CaseEntity, { workflow: wf.name, businessKey });
        if (exists) continue;
        const linked = await this.createCase(m, wf, { ...command, businessKey }, actor, event.at, {
          caseId: row.id,
          relation: effect.relation,
        });
        result.scheduled.push(...linked.scheduled);
      } else if (effect.type === 'recordMeasures') {
        const subject = await m.findOneByOrFail(SubjectEntity, { id: row.subjectId });
        await m.insert(
          MeasureEntity,
          effect.measures.map((x) => ({
            id: randomUUID(),
            subjectId: row.subjectId,
            caseId: row.id,
            type: x.type,
            detail: x.detail ?? null,
            decidedAt: x.decidedAt,
            impactUntil: x.impactUntil ?? null,
            organisation: subject.organisation,
            post: subject.post,
            liftedAt: null,
            liftedReason: null,
          })),
        );
      } else {
        await m.update(
          MeasureEntity,
          { caseId: row.id, liftedAt: IsNull() },
          { liftedAt: event.at, liftedReason: effect.reason.slice(0, 500) },
        );
      }
    }
  }

  private async findExisting(
    m: EntityManager,
    wf: WorkflowDefinition,
    command: OpenCaseCommand,
    actor: Actor,
    idempotencyKey?: string,
  ): Promise<string | null> {
    if (idempotencyKey) {
      const key = await m.findOneBy(IdempotencyKeyEntity, { key: idempotencyKey });
      if (key) return key.caseId;
    }
    if (command.businessKey) {
      const existing = await m.findOneBy(CaseEntity, { workflow: wf.name, businessKey: command.businessKey });
      if (existing) return existing.id;
    }
    return null;
  }

  private async createCase(
    m: EntityManager,
    wf: WorkflowDefinition,
    command: OpenCaseCommand,
    actor: Actor,
    at: string,
    linkedFrom?: { caseId: string; relation: string },
  ): Promise<CommitResult> {
    const subject = await this.upsertSubject(m, command.subject, at);
    const id = randomUUID();
    const open: OpenCaseInput = {
      title: command.title,
      subject: command.subject,
      source: command.source,
      facts: command.facts,
      situation: command.situation,
      linkedFrom,
      at,
      actor: actor.sub,
    };
    const input = wf.input(open);
    const [snapshot, actions] = initialTransition(wf.machine, input);
    const empty = { id, revision: 0, headHash: GENESIS_HASH } as CaseEntity;
    const event: MachineEvent = { type: OPEN_EVENT, payload: input, at, actor: actor.sub };
    const history = this.historyRow(empty, event, actor, null, stateLabel(snapshot));
    await m.insert(CaseEntity, {
      id,
      workflow: wf.name,
      workflowVersion: wf.version,
      businessKey: command.businessKey ?? id,
      title: command.title,
      subjectId: subject.id,
      state: history.toState,
      status: 'active',
      outcome: null,
      snapshot: serialiseSnapshot(snapshot),
      revision: 1,
      headHash: history.hash,
      createdAt: at,
      updatedAt: at,
    });
    await m.insert(TransitionEntity, history);
    if (linkedFrom) {
      await m.insert(CaseLinkEntity, {
        fromCaseId: linkedFrom.caseId,
        toCaseId: id,
        relation: linkedFrom.relation,
        createdAt: at,
      });
    }
    const result: CommitResult = { caseId: id, created: true, scheduled: [], cancelled: [] };
    const steps = this.planner.plan(wf, actions, snapshot.context, id, at);
    await this.applyDeadlineSteps(m, id, steps, at, result);
    return result;
  }

  private async upsertSubject(m: EntityManager, input: SubjectInput, at: string): Promise<SubjectEntity> {
    const existing = await m.findOneBy(SubjectEntity, { ref: input.ref });
    const fields = {
      kind: input.kind,
      name: input.name,
      organisation: input.organisation ?? null,
      post: input.post ?? null,
    };
    if (existing) {
      const changed = Object.entries(fields).some(([k, v]) => existing[k as keyof typeof fields] !== v);
      if (changed) await m.update(SubjectEntity, { id: existing.id }, { ...fields, updatedAt: at });
      return { ...existing, ...fields };
    }
    const created: SubjectEntity = {
      id: randomUUID(),
      ref: input.ref,
      ...fields,
      createdAt: at,
      updatedAt: at,
    };
    await m.insert(SubjectEntity, created);
    return created;
  }

  /**
   * Without If-Match, concurrent senders are serialised: a lost race is retried on the new state.
   * With If-Match (`staleRevision`), a lost race is the caller's stale read: 409.
   */
  private async withRetry<T>(work: () => Promise<T>, staleRevision?: number): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (error instanceof RevisionConflict && staleRevision !== undefined) {
          throw new EngineException(
            EngineErrorCode.REVISION_STALE,
            `Revision ${staleRevision} is no longer current: someone changed the case at the same time; reload it`,
            { revision: staleRevision },
          );
        }
        const retriable = error instanceof RevisionConflict || isUniqueViolation(error) || isBusy(error);
        if (!retriable) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw new EngineException(EngineErrorCode.CONTENTION, 'The case is too busy right now; try again');
        }
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }

  private notify(result: CommitResult): void {
    // Jobs of deadlines fired early (caught up) are dropped like those of cancelled ones.
    const gone = [...result.cancelled, ...(result.caughtUp ?? [])];
    if (!this.listener || (!result.scheduled.length && !gone.length)) return;
    try {
      this.listener.afterCommit(result.scheduled, gone);
    } catch (error) {
      this.logger.warn(
        `Deadline driver failed after commit; the sweep will catch up: ${(error as Error).message}`,
      );
    }
  }
}

/** A derived business key that fits the column (200): long ones keep a prefix and end in a hash of the whole. */
function fitKey(key: string): string {
  if (key.length <= 200) return key;
  return `${key.slice(0, 129)}#${createHash('sha256').update(key).digest('hex')}`;
}

/** SQLite's lock timeout: another process held the write lock for longer than busy_timeout. */
function isBusy(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return (e?.driverError?.code ?? e?.code) === 'SQLITE_BUSY';
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The snapshot of `wf` in exactly these state paths, or a 400 naming the paths that do not exist there. */
export function resolveExactly(
  wf: WorkflowDefinition,
  paths: string[],
  context: unknown,
): AnyMachineSnapshot {
  const refuse = (why: string) =>
    new EngineException(
      EngineErrorCode.PAYLOAD_INVALID,
      `State ${paths.join(',')} does not exist in ${wf.name} version ${wf.version}: ${why}; map it with stateMapping`,
    );
  let snapshot: AnyMachineSnapshot;
  try {
    snapshot = wf.machine.resolveState({ value: valueOfPaths(paths), context: context as never });
  } catch (error) {
    throw refuse((error as Error).message);
  }
  const got = stateLabel(snapshot).split(',').sort().join(',');
  if (got !== [...paths].sort().join(',')) throw refuse(`it resolves to ${stateLabel(snapshot)}`);
  return snapshot;
}
