import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource, MoreThan } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import { processorOptions, redisUrlFromEnv } from '../deadlines/redis-connections';
import { RedisOutageReporter } from '../deadlines/redis-outage.reporter';
import { Clock } from '../engine/clock';
import { WebhookDeliveryEntity, WebhookEntity } from '../engine/persistence/notice.entity';
import { type DeliverJob, WEBHOOK_QUEUE } from '../notices/notice.queue';
import { WebhookScheduler } from './webhook.scheduler';
import { SIGNATURE_HEADER, signature } from './webhook.signature';
import { WebhookTransport } from './webhook.transport';

/** Sends deliveries: 2xx delivers; anything else (or no answer) is an attempt that failed, retried by BullMQ. */
@Processor(WEBHOOK_QUEUE, processorOptions(4))
export class WebhookWorker extends WorkerHost {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transport: WebhookTransport,
    private readonly scheduler: WebhookScheduler,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job<DeliverJob>): Promise<string> {
    const repo = this.db.getRepository(WebhookDeliveryEntity);
    const delivery = await repo.findOneBy({ id: job.data.deliveryId });
    if (!delivery || delivery.status !== 'pending') return 'settled';
    const hook = await this.db.manager.findOneBy(WebhookEntity, { id: delivery.webhookId });
    if (!hook) return 'no webhook';
    const now = this.clock.now();
    const headers = {
      [SIGNATURE_HEADER]: signature(hook.secret, delivery.body, Math.floor(now.getTime() / 1000)),
      'Wenze-Delivery': delivery.id,
      'Wenze-Event': (JSON.parse(delivery.body) as { notice: { kind: string } }).notice.kind,
      'User-Agent': 'Wenze-Webhooks/1',
    };
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = (await this.transport.post(hook.url, delivery.body, headers)).status;
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (e) {
      error = (e as Error).message.slice(0, 500);
    }
    const attempts = delivery.attempts + 1;
    const last = attempts >= this.scheduler.attempts;
    await repo.update(
      { id: delivery.id, status: 'pending' },
      {
        attempts,
        lastStatus: status,
        lastError: error,
        lastAttemptAt: now.toISOString(),
        ...(error
          ? last
            ? { status: 'failed' as const }
            : {}
          : { status: 'delivered', deliveredAt: now.toISOString() }),
      },
    );
    if (error) throw new Error(`Webhook delivery ${delivery.id} failed: ${error}`);
    return 'delivered';
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    RedisOutageReporter.report(redisUrlFromEnv(), error);
  }
}

/** Re-enqueues pending deliveries without a job (lost with Redis, or written while it was away). */
@Injectable()
export class WebhookSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scheduler: WebhookScheduler,
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
      for (let after = ''; ;) {
        const rows = await this.db.manager.find(WebhookDeliveryEntity, {
          select: { id: true },
          where: { status: 'pending', id: MoreThan(after) },
          order: { id: 'ASC' },
          take: 500,
        });
        await this.scheduler.enqueue(rows.map((r) => r.id));
        if (rows.length < 500) break;
        after = rows[rows.length - 1].id;
      }
    } catch (error) {
      this.logger.warn(`Webhook sweep failed, next time: ${(error as Error).message}`);
    }
  }
}
