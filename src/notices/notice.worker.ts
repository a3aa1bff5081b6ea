import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app.config';
import { processorOptions, redisUrlFromEnv } from '../deadlines/redis-connections';
import { RedisOutageReporter } from '../deadlines/redis-outage.reporter';
import { NoticeDrain } from './notice.drain';
import { NOTICE_QUEUE } from './notice.queue';

/** Drains the change outbox when asked (one drain at a time per process). */
@Processor(NOTICE_QUEUE, processorOptions(1))
export class NoticeWorker extends WorkerHost {
  constructor(private readonly drain: NoticeDrain) {
    super();
  }

  async process(): Promise<number> {
    return this.drain.drain();
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    RedisOutageReporter.report(redisUrlFromEnv(), error);
  }
}

/**
 * At start and then every NOTICE_SWEEP_MS: drains what is left in the outbox (jobs lost with Redis, a
 * crash between commit and drain) and writes the notices of time limits about to lapse.
 */
@Injectable()
export class NoticeSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NoticeSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly drain: NoticeDrain,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.config.get('NOTICE_SWEEP_MS', { infer: true }));
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    try {
      await this.drain.drain();
      await this.drain.dueSoon();
    } catch (error) {
      this.logger.warn(`Notice sweep failed, next time: ${(error as Error).message}`);
    }
  }
}
