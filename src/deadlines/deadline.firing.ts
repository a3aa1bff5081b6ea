import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEADLINE_ACTOR } from '../engine/actor';
import { IllegalOperationError } from '../engine/errors';
import { EngineService } from '../engine/engine.service';
import { MetricsService } from '../metrics/metrics.service';
import { DeadlineEntity } from '../engine/persistence/deadline.entity';

/** `early`: the job ran before the deadline was due (a promoted or mistimed job): not fired. */
export type FireOutcome = 'fired' | 'dropped' | { early: number };

/** Sends a deadline's timeout event through the engine's one path, once. */
@Injectable()
export class DeadlineFiring {
  private readonly logger = new Logger(DeadlineFiring.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly engine: EngineService,
    private readonly metrics: MetricsService,
  ) {}

  private warnedUnknown = false;

  async fire(deadlineId: string): Promise<FireOutcome> {
    const row = await this.db.manager.findOneBy(DeadlineEntity, { id: deadlineId });
    if (!row) {
      this.unknownRow(deadlineId);
      return 'dropped';
    }
    if (row.status !== 'pending') return 'dropped';
    // Whoever ran the job (a promote in the queue board, a clock skew), a limit fires only once due.
    const due = Date.parse(row.dueAt);
    if (due > Date.now()) {
      this.logger.warn(
        `Deadline ${deadlineId} ran before it was due (${row.dueAt}): delayed again, not fired`,
      );
      return { early: due };
    }
    try {
      await this.engine.apply(row.caseId, row.sendId, {}, DEADLINE_ACTOR, {
        deadline: { id: row.id, dueAt: row.dueAt },
      });
      this.metrics.fireLag.observe(Math.max(0, Date.now() - Date.parse(row.dueAt)) / 1000);
      return 'fired';
    } catch (error) {
      // Another worker fired it first, or the case left the state in the same instant.
      if (error instanceof IllegalOperationError) {
        this.logger.debug(`Deadline ${deadlineId} dropped: ${error.message}`);
        return 'dropped';
      }
      throw error;
    }
  }

  /** A job for a deadline this database does not know: most likely another deployment on the same queue. */
  private unknownRow(deadlineId: string): void {
    const message =
      `Deadline job ${deadlineId} has no deadline row in this database: is another deployment using the same ` +
      'Redis and QUEUE_PREFIX? Give each deployment its own QUEUE_PREFIX. (Said once; later ones at debug level.)';
    if (this.warnedUnknown) return this.logger.debug(message);
    this.warnedUnknown = true;
    this.logger.warn(message);
  }
}
