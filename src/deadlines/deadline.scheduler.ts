import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { JobsOptions, Queue } from 'bullmq';
import type { DeadlineCommitListener } from '../engine/engine.listener';
import type { AppConfig } from '../config/app.config';
import { Clock } from '../engine/clock';
import { RedisOutageReporter } from './redis-outage.reporter';
import type { DeadlineEntity } from '../engine/persistence/deadline.entity';
import { DEADLINE_QUEUE, FIRE_JOB, type FireDeadlineJob } from './deadline.queue';

/**
 * Drives deadline rows with BullMQ delayed jobs (jobId = deadline id). The rows are the outbox:
 * when Redis cannot be reached the rows stay pending and the sweep enqueues them later.
 */
@Injectable()
export class DeadlineScheduler implements DeadlineCommitListener {
  private readonly logger = new Logger(DeadlineScheduler.name);

  constructor(
    @InjectQueue(DEADLINE_QUEUE) private readonly queue: Queue<FireDeadlineJob>,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
  ) {
    const url = config.get('REDIS_URL', { infer: true });
    queue.on('error', (error: Error) => RedisOutageReporter.report(url, error));
  }

  afterCommit(scheduled: DeadlineEntity[], cancelledIds: string[]): void {
    this.enqueue(scheduled).catch((e: Error) =>
      this.logger.warn(`Could not enqueue ${scheduled.length} deadline(s), the sweep will: ${e.message}`),
    );
    this.remove(cancelledIds).catch((e: Error) =>
      this.logger.warn(
        `Could not remove cancelled deadline job(s); they will be dropped when they fire: ${e.message}`,
      ),
    );
  }

  /** Adds one job per deadline; a job that already exists with that id is left as it is. */
  async enqueue(rows: Pick<DeadlineEntity, 'id' | 'caseId' | 'dueAt'>[]): Promise<void> {
    if (!rows.length) return;
    const now = this.clock.now().getTime();
    await this.queue.addBulk(
      rows.map((d) => ({
        name: FIRE_JOB,
        data: { deadlineId: d.id, caseId: d.caseId, dueAt: d.dueAt },
        opts: this.jobOptions(d.id, Math.max(0, Date.parse(d.dueAt) - now)),
      })),
    );
  }

  private jobOptions(jobId: string, delay: number): JobsOptions {
    return {
      jobId,
      delay,
      attempts: 10,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: true,
      // A job that fails for good is removed so that the sweep can enqueue its still-pending row again.
      removeOnFail: true,
    };
  }

  async remove(ids: string[]): Promise<void> {
    for (const id of ids) await this.queue.remove(id);
  }

  /** Jobs waiting to fire, by state; fails fast when Redis cannot be reached. */
  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('delayed', 'waiting', 'active');
  }
}
