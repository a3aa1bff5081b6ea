import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/app.config';
import { RedisOutageReporter } from '../deadlines/redis-outage.reporter';
import type { ChangeOutboxListener } from '../engine/engine.listener';
import { DRAIN_JOB, NOTICE_QUEUE } from './notice.queue';

/** Commits within this many milliseconds share one drain request. */
export const DRAIN_KICK_DELAY_MS = 10;

/**
 * After commits, asks a worker to drain the change outbox (a job of its own each time, so that a
 * drain already running does not swallow the request). The commits of a few milliseconds share one
 * request: the drain takes every row, and the request is sent after those commits (a commit after it
 * is sent asks again). One BullMQ job per event cost more of the service's CPU than the event's SQL.
 * The rows are the truth: a lost job is caught up by the worker's sweep.
 */
@Injectable()
export class NoticeOutbox implements ChangeOutboxListener, OnModuleDestroy {
  private readonly logger = new Logger(NoticeOutbox.name);

  constructor(
    @InjectQueue(NOTICE_QUEUE) private readonly queue: Queue,
    config: ConfigService<AppConfig, true>,
  ) {
    const url = config.get('REDIS_URL', { infer: true });
    queue.on('error', (error: Error) => RedisOutageReporter.report(url, error));
  }

  private kick: NodeJS.Timeout | null = null;

  committed(caseId: string): void {
    if (this.kick) return;
    this.kick = setTimeout(() => {
      // Cleared before the request: a commit from now on asks again.
      this.kick = null;
      this.queue
        .add(DRAIN_JOB, { caseId }, { jobId: randomUUID(), removeOnComplete: true, removeOnFail: true })
        .catch((e: Error) =>
          this.logger.warn(`Could not ask for a notice drain, the sweep will: ${e.message}`),
        );
    }, DRAIN_KICK_DELAY_MS);
  }

  onModuleDestroy(): void {
    if (this.kick) clearTimeout(this.kick);
    this.kick = null;
  }
}
