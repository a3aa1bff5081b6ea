import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../config/app.config';
import { DELIVER_JOB, type DeliverJob, WEBHOOK_QUEUE } from '../notices/notice.queue';

/** One BullMQ job per delivery row (jobId = its id), retried with exponential backoff. */
@Injectable()
export class WebhookScheduler {
  constructor(
    @InjectQueue(WEBHOOK_QUEUE) private readonly queue: Queue<DeliverJob>,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  get attempts(): number {
    return this.config.get('WEBHOOK_ATTEMPTS', { infer: true });
  }

  async enqueue(deliveryIds: string[]): Promise<void> {
    if (!deliveryIds.length) return;
    const delay = this.config.get('WEBHOOK_BACKOFF_MS', { infer: true });
    await this.queue.addBulk(
      deliveryIds.map((id) => ({
        name: DELIVER_JOB,
        data: { deliveryId: id },
        opts: {
          jobId: id,
          attempts: this.attempts,
          backoff: { type: 'exponential', delay },
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  }
}
