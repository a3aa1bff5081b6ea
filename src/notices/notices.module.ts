import { BullModule } from '@nestjs/bullmq';
import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app.config';
import { CHANGE_OUTBOX_LISTENER } from '../engine/engine.listener';
import { WebhookScheduler } from '../webhooks/webhook.scheduler';
import { WebhookTransport } from '../webhooks/webhook.transport';
import { WebhooksController } from '../webhooks/webhooks.controller';
import { WebhookSweeper, WebhookWorker } from '../webhooks/webhook.worker';
import { NoticeSignals } from './notice-signals';
import { NoticeStreams } from './notice-streams';
import { NoticeDrain } from './notice.drain';
import { NoticeOutbox } from './notice.outbox';
import { NOTICE_QUEUE, WEBHOOK_QUEUE } from './notice.queue';
import { NoticeSweeper, NoticeWorker } from './notice.worker';
import { NoticeWriter } from './notice.writer';
import { producerConnection } from '../deadlines/redis-connections';
import { NoticesController } from './notices.controller';
import { NoticesQuery } from './notices.query';

const queue = (name: string) =>
  BullModule.registerQueueAsync({
    name,
    inject: [ConfigService],
    useFactory: (config: ConfigService<AppConfig, true>) => ({
      connection: producerConnection(config.get('REDIS_URL', { infer: true })),
      prefix: config.get('QUEUE_PREFIX', { infer: true }),
    }),
  });

/**
 * Notices (通知) and webhooks. Every process asks for a drain after its commits; processes with the
 * worker role drain the change outbox, write notices and deliveries, send the deliveries and sweep.
 * Global: the engine's after-commit hook (CHANGE_OUTBOX_LISTENER) is provided here.
 */
@Global()
@Module({})
export class NoticesModule {
  static forRole(role: AppConfig['WENZE_ROLE']): DynamicModule {
    const worker: Provider[] =
      role === 'api'
        ? []
        : [
            NoticeWriter,
            NoticeDrain,
            NoticeWorker,
            NoticeSweeper,
            WebhookTransport,
            WebhookWorker,
            WebhookSweeper,
          ];
    const http = role !== 'worker';
    return {
      module: NoticesModule,
      imports: [queue(NOTICE_QUEUE), queue(WEBHOOK_QUEUE)],
      controllers: http ? [NoticesController, WebhooksController] : [],
      providers: [
        NoticeOutbox,
        { provide: CHANGE_OUTBOX_LISTENER, useExisting: NoticeOutbox },
        NoticeSignals,
        WebhookScheduler,
        NoticesQuery,
        ...(http ? [NoticeStreams] : []),
        ...worker,
      ],
      exports: [CHANGE_OUTBOX_LISTENER],
    };
  }
}
