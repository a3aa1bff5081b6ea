import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { initialTransition } from 'xstate';
import type { Actor } from './actor';
import { nextCaseNumber } from './case-number';
import { Clock } from './clock';
import { bookDeadlines } from './deadlines/deadline.book';
import { DeadlinePlanner } from './deadlines/deadline.planner';
import type { CommitResult } from './engine.listener';
import { ConflictError, EngineErrorCode, ForbiddenError, IllegalOperationError } from './errors';
import { GENESIS_HASH } from './history/hash-chain';
import { canonicalJson } from './history/canonical-json';
import { historyRow } from './history/history-row';
import { serialiseSnapshot, stateLabel } from './machine-snapshot';
import { validateOpenBody, type OpenCaseCommand } from './open-case.input';
import { CaseEntity, CaseLinkEntity, IdempotencyKeyEntity } from './persistence/case.entity';
import { CaseReadModels } from './read-models';
import { ChangeOutboxEntity } from './persistence/notice.entity';
import { SubjectEntity } from './persistence/subject.entity';
import { TransitionEntity } from './persistence/transition.entity';
import { TransactionRunner } from './persistence/transaction.runner';
import { withRetry } from './retry';
import { Jurisdiction, type Reach } from './units/jurisdiction';
import { WorkflowRegistry } from './workflow.registry';
import type { CaseLinkInput, MachineEvent, SubjectInput, WorkflowDefinition } from './workflow.types';

export const OPEN_EVENT = 'OPEN';

/** Opens cases: from a client's POST /cases, or from an `openCase` effect inside another case's transaction. */
@Injectable()
export class CaseOpener {
  private readonly readModels: CaseReadModels;

  constructor(
    private readonly registry: WorkflowRegistry,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(DeadlinePlanner) private readonly planner: DeadlinePlanner,
    private readonly jurisdiction: Jurisdiction,
  ) {
    this.readModels = new CaseReadModels(tx.isPostgres);
  }

  /** Validates a POST /cases body against the workflow's published schema and opens the case (or finds it). */
  async open(body: unknown, actor: Actor, idempotencyKey?: string): Promise<CommitResult> {
    const { wf, command } = await validateOpenBody(this.registry, body);
    checkRole(wf.open.roles, actor, `open a ${wf.name} case`);
    const unitId = await this.jurisdiction.unitToOpen(actor, command.unitId);
    const reach = await this.jurisdiction.reach(actor);
    const requestHash = idempotencyKey ? sha256(canonicalJson(body)) : null;
    return withRetry(() =>
      this.tx.run(async (m) => {
        const existing = await findExisting(m, wf, command, idempotencyKey, requestHash);
        if (existing) {
          await this.checkExistingReach(reach, existing, m);
          return { caseId: existing.id, created: false, scheduled: [], cancelled: [] };
        }
        const at = this.clock.now().toISOString();
        const opened = await this.create(m, wf, command, actor, at, unitId);
        if (idempotencyKey) {
          await m.insert(IdempotencyKeyEntity, {
            key: idempotencyKey,
            actorSub: actor.sub,
            caseId: opened.caseId,
            requestHash,
            createdAt: at,
          });
        }
        return opened;
      }),
    );
  }

  /** An existing case is answered only within the caller's reach; outside it, the key is simply taken. */
  private async checkExistingReach(reach: Reach, existing: CaseEntity, m: EntityManager): Promise<void> {
    if (await this.jurisdiction.reaches(reach, existing.unitId, m)) return;
    throw new ConflictError(
      EngineErrorCode.BUSINESS_KEY_TAKEN,
      'This businessKey (or Idempotency-Key) belongs to a case outside your reach; use another',
    );
  }

  /** Creates the case row, its OPEN history row, its first deadlines and the link that asked for it. */
  async create(
    m: EntityManager,
    wf: WorkflowDefinition,
    command: OpenCaseCommand,
    actor: Actor,
    at: string,
    unitId: string,
    linkedFrom?: CaseLinkInput,
  ): Promise<CommitResult> {
    const units = wf.open.units?.(command.payload);
    if (units) await this.jurisdiction.assertBelow(units, unitId, m);
    const subject = await insertSubject(m, command.subject, at);
    const id = randomUUID();
    const latest = this.registry.find(wf.name)?.caseNumberLabel?.zh;
    const caseNo = await nextCaseNumber(m, wf, latest, unitId, at);
    const input = wf.input({
      title: command.title,
      subject: command.subject,
      payload: command.payload,
      ...(linkedFrom && { linkedFrom }),
      at,
      actor: actor.sub,
    });
    const [snapshot, actions] = initialTransition(wf.machine, input);
    const event: MachineEvent = { type: OPEN_EVENT, payload: input, at, actor: actor.sub };
    const history = historyRow(
      { id, revision: 0, headHash: GENESIS_HASH },
      event,
      actor,
      null,
      stateLabel(snapshot),
    );
    await m.insert(CaseEntity, {
      id,
      workflow: wf.name,
      workflowVersion: wf.version,
      businessKey: command.businessKey ?? id,
      title: command.title,
      caseNo,
      subjectId: subject.id,
      unitId,
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
    await m.insert(ChangeOutboxEntity, { caseId: id, revision: 1, at });
    await this.readModels.opened(m, wf, { id, unitId, createdAt: at, subjectId: subject.id }, snapshot);
    if (linkedFrom) {
      await m.insert(CaseLinkEntity, {
        fromCaseId: linkedFrom.caseId,
        toCaseId: id,
        relation: linkedFrom.relation,
        createdAt: at,
      });
    }
    const result: CommitResult = { caseId: id, created: true, scheduled: [], cancelled: [] };
    const steps = this.planner.plan(wf, actions, snapshot.context, { id, unitId }, at);
    await bookDeadlines(m, wf, id, steps, history.toState.split(','), at, result);
    return result;
  }
}

export function checkRole(allowed: readonly string[], actor: Actor, what: string): void {
  if (!actor.roles.some((r) => allowed.includes(r))) {
    throw new ForbiddenError(
      EngineErrorCode.ROLE_FORBIDDEN,
      `Your roles (${actor.roles.join(', ') || 'none'}) may not ${what}; it needs one of: ${allowed.join(', ')}`,
    );
  }
}

async function findExisting(
  m: EntityManager,
  wf: WorkflowDefinition,
  command: OpenCaseCommand,
  idempotencyKey?: string,
  requestHash?: string | null,
): Promise<CaseEntity | null> {
  if (idempotencyKey) {
    const key = await m.findOneBy(IdempotencyKeyEntity, { key: idempotencyKey });
    if (key && key.requestHash !== null && key.requestHash !== requestHash) {
      throw new IllegalOperationError(
        EngineErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was already used for another request (a different body); use a new key',
        { caseId: key.caseId },
      );
    }
    if (key) return m.findOneByOrFail(CaseEntity, { id: key.caseId });
  }
  if (command.businessKey) {
    return m.findOneBy(CaseEntity, { workflow: wf.name, businessKey: command.businessKey });
  }
  return null;
}

/**
 * The case's own subject record, as given at opening. It is never shared: a later opening (of this
 * unit or another) neither rewrites nor reveals it; the rows of one ref make the lifelong record.
 */
async function insertSubject(m: EntityManager, input: SubjectInput, at: string): Promise<SubjectEntity> {
  const created: SubjectEntity = {
    id: randomUUID(),
    ref: input.ref,
    kind: input.kind,
    name: input.name,
    organisation: input.organisation ?? null,
    post: input.post ?? null,
    createdAt: at,
    updatedAt: at,
  };
  await m.insert(SubjectEntity, created);
  return created;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
