import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import { Clock } from '../engine/clock';
import { DeadlinePlanner } from '../engine/deadlines/deadline.planner';
import { CaseEntity } from '../engine/persistence/case.entity';
import { DeadlineEntity } from '../engine/persistence/deadline.entity';
import { ChangeOutboxEntity, NoticeEntity } from '../engine/persistence/notice.entity';
import { TransactionRunner } from '../engine/persistence/transaction.runner';
import { TransitionEntity } from '../engine/persistence/transition.entity';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { URGE_RECORD } from '../urging/urge.controller';
import { WebhookScheduler } from '../webhooks/webhook.scheduler';
import { NoticeSignals } from './notice-signals';
import { type NoticeDraft, NoticeWriter } from './notice.writer';
import { waitingRolesOf } from '../engine/waiting/waiting-roles';

const PAGE = 100;

/**
 * Draws notices from the change outbox: each row (one committed step) is claimed by deleting it, and
 * its notices and webhook deliveries are written in that same transaction — so a row is drained exactly
 * once, and a crash before the commit leaves it for the next drain. After the commit, the bells are told
 * and the deliveries enqueued. Also writes the 即将到期 notices of time limits about to lapse.
 */
@Injectable()
export class NoticeDrain {
  private readonly logger = new Logger(NoticeDrain.name);
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    private readonly registry: WorkflowRegistry,
    private readonly writer: NoticeWriter,
    private readonly signals: NoticeSignals,
    private readonly webhooks: WebhookScheduler,
    private readonly clock: Clock,
    @Inject(DeadlinePlanner) private readonly planner: DeadlinePlanner,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /** Drains the whole outbox (one drain at a time in this process); returns how many notices were written. */
  drain(): Promise<number> {
    this.running ??= this.drainAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async drainAll(): Promise<number> {
    let written = 0;
    const deliveries: string[] = [];
    // Drained rows are gone: each round reads the oldest ones left.
    for (;;) {
      const rows = await this.db.manager.find(ChangeOutboxEntity, { order: { at: 'ASC' }, take: PAGE });
      for (const row of rows) {
        const done = await this.drainOne(row);
        written += done.notices;
        deliveries.push(...done.deliveries);
      }
      if (rows.length < PAGE) break;
    }
    this.afterCommit(written, deliveries);
    return written;
  }

  private async drainOne(entry: ChangeOutboxEntity): Promise<{ notices: number; deliveries: string[] }> {
    return this.tx.run(async (m) => {
      const claimed = await m.delete(ChangeOutboxEntity, { caseId: entry.caseId, revision: entry.revision });
      if (!claimed.affected) return { notices: 0, deliveries: [] }; // another drain had it
      const row = await m.findOneBy(CaseEntity, { id: entry.caseId });
      const step = await m.findOneBy(TransitionEntity, { caseId: entry.caseId, seq: entry.revision });
      if (!row || !step) return { notices: 0, deliveries: [] };
      const drafts = this.draftsOf(row, step);
      const deliveries = await this.writer.write(m, row, drafts);
      return { notices: drafts.length, deliveries };
    });
  }

  /** The notices one committed step gives rise to. */
  private draftsOf(row: CaseEntity, step: TransitionEntity): NoticeDraft[] {
    const base = { recipientSub: null, actorSub: step.actorSub, at: step.at };
    const subject = { state: row.state, workflow: row.workflow };
    if (step.type === URGE_RECORD.type) {
      const payload = JSON.parse(step.payload) as Record<string, unknown>;
      return waitingRolesOf(this.registry, row).map((w) => ({
        ...base,
        key: `urge:${row.id}:${step.seq}:${w.role}:${w.above}`,
        kind: 'urge' as const,
        role: w.role,
        above: w.above,
        params: {
          ...subject,
          message: payload.message,
          deadlineKind: payload.deadlineKind ?? null,
          dueAt: payload.dueAt ?? null,
        },
      }));
    }
    // New work: the case moved to another state (or was opened) and still stands where this step left it.
    if (step.fromState === step.toState || row.revision !== step.seq) return [];
    return waitingRolesOf(this.registry, row).map((w) => ({
      ...base,
      key: `work:${row.id}:${step.seq}:${w.role}:${w.above}`,
      kind: 'work' as const,
      role: w.role,
      above: w.above,
      params: { ...subject, events: w.events },
    }));
  }

  /**
   * 即将到期: every pending time limit due within NOTICE_DUE_SOON_WORKING_DAYS working days gets one
   * notice for the roles its case waits for. Returns how many were written.
   */
  async dueSoon(): Promise<number> {
    const days = this.config.get('NOTICE_DUE_SOON_WORKING_DAYS', { infer: true });
    if (!days) return 0;
    const now = this.clock.now();
    const horizon = this.planner.calendar.add(now, `P${days}WD`).toISOString();
    const due = await this.db.manager.find(DeadlineEntity, {
      where: { status: 'pending', dueAt: LessThanOrEqual(horizon) },
      order: { dueAt: 'ASC' },
      take: 500,
    });
    const ahead = due.filter((d) => d.dueAt > now.toISOString());
    if (!ahead.length) return 0;
    const told = new Set(
      (
        await this.db.manager.find(NoticeEntity, {
          select: { key: true },
          where: { kind: 'dueSoon', caseId: In([...new Set(ahead.map((d) => d.caseId))]) },
        })
      ).map((n) => n.key.split(':')[1]),
    );
    let written = 0;
    const deliveries: string[] = [];
    for (const deadline of ahead.filter((d) => !told.has(d.id))) {
      const done = await this.tx.run(async (m) => {
        const row = await m.findOneBy(CaseEntity, { id: deadline.caseId });
        if (!row) return { notices: 0, deliveries: [] as string[] };
        const drafts: NoticeDraft[] = waitingRolesOf(this.registry, row).map((w) => ({
          key: `dueSoon:${deadline.id}:${w.role}:${w.above}`,
          kind: 'dueSoon',
          role: w.role,
          above: w.above,
          recipientSub: null,
          actorSub: null,
          at: now.toISOString(),
          params: {
            state: row.state,
            workflow: row.workflow,
            deadlineKind: deadline.kind,
            dueAt: deadline.dueAt,
          },
        }));
        return { notices: drafts.length, deliveries: await this.writer.write(m, row, drafts) };
      });
      written += done.notices;
      deliveries.push(...done.deliveries);
    }
    this.afterCommit(written, deliveries);
    return written;
  }

  private afterCommit(notices: number, deliveries: string[]): void {
    if (notices) this.signals.written();
    if (!deliveries.length) return;
    this.webhooks
      .enqueue(deliveries)
      .catch((e: Error) =>
        this.logger.warn(
          `Could not enqueue ${deliveries.length} webhook deliveries, the sweep will: ${e.message}`,
        ),
      );
  }
}
