import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { TIMEOUT_EVENT_PREFIX, type Actor } from './actor';
import { CaseMigrator } from './case-migrator';
import { CaseOpener } from './case-opener';
import type { RecordKind } from './history/record-event';
import {
  CASE_CHANGE_PUBLISHER,
  CHANGE_OUTBOX_LISTENER,
  DEADLINE_COMMIT_LISTENER,
  ENGINE_OBSERVER,
  type CaseChangePublisher,
  type ChangeOutboxListener,
  type CommitResult,
  type DeadlineCommitListener,
  type EngineObserver,
} from './engine.listener';
import { AlreadyApplied } from './event-keys';
import { TransactionRunner } from './persistence/transaction.runner';
import { WriteCore, type Applied, type ApplyOptions, type DryRunResult } from './write-core';
import type { Replayed } from './write-core.types';

/**
 * The engine's public face: opening, applying events and migrating, each one transaction, followed
 * by the after-commit work (driving deadlines, counting, logging).
 */
@Injectable()
export class EngineService {
  private readonly logger = new Logger(EngineService.name);

  constructor(
    private readonly core: WriteCore,
    private readonly opener: CaseOpener,
    private readonly migrator: CaseMigrator,
    private readonly tx: TransactionRunner,
    @Optional() @Inject(DEADLINE_COMMIT_LISTENER) private readonly listener?: DeadlineCommitListener,
    @Optional() @Inject(ENGINE_OBSERVER) private readonly observer?: EngineObserver,
    @Optional() @Inject(CASE_CHANGE_PUBLISHER) private readonly changes?: CaseChangePublisher,
    @Optional() @Inject(CHANGE_OUTBOX_LISTENER) private readonly outbox?: ChangeOutboxListener,
  ) {}

  async open(body: unknown, actor: Actor, idempotencyKey?: string): Promise<CommitResult> {
    const result = await this.opener.open(body, actor, idempotencyKey);
    this.afterCommit(result);
    return result;
  }

  async apply(
    caseId: string,
    type: string,
    payload: unknown,
    actor: Actor,
    options: ApplyOptions = {},
  ): Promise<Applied | DryRunResult | Replayed> {
    const started = process.hrtime.bigint();
    const result = await this.applyOnce(caseId, type, payload, actor, options);
    if ('dryRun' in result || 'replayed' in result) return result;
    this.afterCommit(result);
    const workflow = result.workflow.name;
    if (result.caughtUp?.length) {
      for (const _ of result.caughtUp) this.observer?.committed(workflow, 'timeout', 0);
      this.logger.warn({ caseId, deadlines: result.caughtUp }, 'late deadlines fired before the event');
    }
    if (result.refusal) throw result.refusal;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.observer?.committed(workflow, type.startsWith(TIMEOUT_EVENT_PREFIX) ? 'timeout' : type, seconds);
    this.logger.log(
      { caseId, event: type, actor: actor.sub, to: result.to, revision: result.revision },
      'transition committed',
    );
    return result;
  }

  /**
   * With an Idempotency-Key (`options.once`), an event applied already is not applied again: seen
   * before the event is checked against the case (which has moved on since), or — for retries racing
   * each other — in the transaction, on the locked row. A dry run neither uses nor keeps the key.
   */
  private async applyOnce(
    caseId: string,
    type: string,
    payload: unknown,
    actor: Actor,
    options: ApplyOptions,
  ): Promise<Applied | DryRunResult | Replayed> {
    const { once, ...rest } = options;
    if (!once || options.dryRun) return this.core.apply(caseId, type, payload, actor, rest);
    try {
      await once.check(this.tx.dataSource.manager);
      return await this.core.apply(caseId, type, payload, actor, options);
    } catch (error) {
      if (error instanceof AlreadyApplied) return { replayed: true, caseId: error.caseId };
      throw error;
    }
  }

  /** Records a fact on the case's chain without a transition (see WriteCore.record). */
  async record(
    caseId: string,
    kind: RecordKind,
    payload: Record<string, unknown>,
    actor: Actor,
    options: Pick<ApplyOptions, 'ifMatch' | 'completeRecord'> = {},
  ) {
    const result = await this.core.record(caseId, kind, payload, actor, options);
    this.afterCommit(result);
    this.logger.log(
      { caseId, event: kind.type, actor: actor.sub, revision: result.revision },
      'fact recorded',
    );
    return result;
  }

  async migrate(
    caseId: string,
    toVersion: number,
    stateMapping: Record<string, string>,
    actor: Actor,
    ifMatch?: number,
  ): Promise<CommitResult> {
    const result = await this.migrator.migrate(caseId, toVersion, stateMapping, actor, ifMatch);
    this.logger.log(
      { caseId, event: 'MIGRATE', actor: actor.sub, toVersion, to: result.to },
      'case migrated',
    );
    this.afterCommit(result);
    return result;
  }

  private afterCommit(result: CommitResult): void {
    this.announce(result);
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

  /** Tells the watchers of the case that it changed (after the commit, never inside it). */
  private announce(result: CommitResult): void {
    if (result.revision === undefined && !result.created) return;
    try {
      this.outbox?.committed(result.caseId);
    } catch (error) {
      this.logger.warn(`Could not kick the outbox of case ${result.caseId}: ${(error as Error).message}`);
    }
    if (!this.changes || result.revision === undefined || result.to === undefined) return;
    try {
      this.changes.committed({ caseId: result.caseId, revision: result.revision, state: result.to });
    } catch (error) {
      this.logger.warn(`Could not announce the change of case ${result.caseId}: ${(error as Error).message}`);
    }
  }
}
