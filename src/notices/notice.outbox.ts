import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/app.config';
import { RedisOutageReporter } from '../deadlines/redis-outage.reporter';
import type { ChangeOutboxListener } from '../engine/engine.listener';
import { DRAIN_JOB, NOTICE_QUEUE } from './notice.queue';

/**
 * After each commit, asks a worker to drain the change outbox (a job of its own each time, so that a
 * drain already running does not swallow the request). The rows are the truth: a lost job is caught
 * up by the worker's sweep.
 */
@Injectable()
export class NoticeOutbox implements ChangeOutboxListener {
  private readonly logger = new Logger(NoticeOutbox.name);

  constructor(
    @InjectQueue(NOTICE_QUEUE) private readonly queue: Queue,
    config: ConfigService<AppConfig, true>,
  ) {
    const url = config.get('REDIS_URL', { infer: true });
    queue.on('error', (error: Error) => RedisOutageReporter.report(url, error));
  }

  committed(caseId: string): void {
    this.queue
      .add(DRAIN_JOB, { caseId }, { jobId: randomUUID(), removeOnComplete: true, removeOnFail: true })
      .catch((e: Error) =>
        this.logger.warn(`Could not ask for a notice drain, the sweep will: ${e.message}`),
      );
  }
}
