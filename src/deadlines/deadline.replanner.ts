import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CALENDAR_ACTOR } from '../engine/actor';
import type { RecordKind } from '../engine/history/record-event';
import { DeadlinePlanner, type PlannedDue } from '../engine/deadlines/deadline.planner';
import { EngineService } from '../engine/engine.service';
import { CaseEntity } from '../engine/persistence/case.entity';
import { DeadlineEntity } from '../engine/persistence/deadline.entity';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { DeadlineScheduler } from './deadline.scheduler';

/** The history row of a deadline moved by the calendar (a record: the chain moves, the state stays). */
export const DEADLINE_REPLANNED: RecordKind = { type: 'record.deadlineReplanned', reach: 'own' };

/** The row was fired, settled or moved by another process meanwhile: nothing to record. */
class AlreadySettled extends Error {}

/**
 * At start, every pending deadline counted on provisional working days is counted again on the
 * calendar now in force (an official schedule may have arrived: a newer chinese-days or
 * CALENDAR_FILE). A moved deadline is a `record.deadlineReplanned` row on its case's chain, with the
 * old and new due times, written through the engine's one path; then its queue job is moved.
 * Due rules read the case's context as it is now (the deadline's state has not been left).
 */
@Injectable()
export class DeadlineReplanner implements OnModuleInit {
  private readonly logger = new Logger(DeadlineReplanner.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly engine: EngineService,
    private readonly planner: DeadlinePlanner,
    private readonly registry: WorkflowRegistry,
    private readonly scheduler: DeadlineScheduler,
  ) {}

  /** Before the sweep's first pass (at bootstrap), so that it cannot enqueue a moved row's old due time. */
  async onModuleInit(): Promise<void> {
    const moved = await this.replan();
    if (moved) this.logger.log(`${moved} provisional deadline(s) re-planned on the official calendar`);
  }

  /** Re-plans the pending provisional deadlines; returns how many moved. */
  async replan(): Promise<number> {
    const rows = await this.db.manager.find(DeadlineEntity, {
      where: { status: 'pending', provisional: true },
      order: { dueAt: 'ASC' },
    });
    let moved = 0;
    for (const row of rows) {
      try {
        if (await this.replanOne(row)) moved += 1;
      } catch (error) {
        this.logger.warn(
          `Deadline ${row.id} of case ${row.caseId} not re-planned: ${(error as Error).message}`,
        );
      }
    }
    return moved;
  }

  private async replanOne(d: DeadlineEntity): Promise<boolean> {
    const c = await this.db.manager.findOneBy(CaseEntity, { id: d.caseId });
    if (!c) return false;
    const wf = this.registry.get(c.workflow, c.workflowVersion);
    const context = (JSON.parse(c.snapshot) as { context: unknown }).context;
    const next = this.planner.due(wf, d.sendId, context, d.createdAt);
    if (next.dueAt === d.dueAt) {
      if (!next.provisional) await this.confirm(d);
      return false;
    }
    try {
      await this.move(d, next);
    } catch (error) {
      if (error instanceof AlreadySettled) return false;
      throw error;
    }
    await this.scheduler.remove([d.id]);
    await this.scheduler.enqueue([{ id: d.id, caseId: d.caseId, dueAt: next.dueAt }]);
    return true;
  }

  private async move(d: DeadlineEntity, next: PlannedDue): Promise<void> {
    const payload = { deadlineId: d.id, kind: d.kind, fromDueAt: d.dueAt, toDueAt: next.dueAt };
    await this.engine.record(d.caseId, DEADLINE_REPLANNED, payload, CALENDAR_ACTOR, {
      completeRecord: async (m) => {
        const where = { id: d.id, status: 'pending' as const, dueAt: d.dueAt };
        const updated = await m.update(DeadlineEntity, where, next);
        if (updated.affected !== 1) throw new AlreadySettled();
        return { provisional: next.provisional };
      },
    });
  }

  /** Same due time on an official calendar: only the mark goes. */
  private async confirm(d: DeadlineEntity): Promise<void> {
    await this.db.manager.update(DeadlineEntity, { id: d.id, dueAt: d.dueAt }, { provisional: false });
  }
}
