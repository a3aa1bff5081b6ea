import { BullModule } from '@nestjs/bullmq';
import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app.config';
import { DEADLINE_COMMIT_LISTENER } from '../engine/engine.listener';
import { DeadlineFiring } from './deadline.firing';
import { DeadlinesController } from './deadlines.controller';
import { DEADLINE_QUEUE } from './deadline.queue';
import { producerConnection } from './redis-connections';
import { DeadlineReplanner } from './deadline.replanner';
import { DeadlineScheduler } from './deadline.scheduler';
import { DeadlineSweeper } from './deadline.sweeper';
import { DeadlineWorker } from './deadline.worker';

/**
 * Deadlines on BullMQ. Every process enqueues after its commits; only processes with the
 * worker role fire deadlines and sweep for lost jobs.
 */
@Global()
@Module({})
export class DeadlinesModule {
  static forRole(role: AppConfig['WENZE_ROLE']): DynamicModule {
    const worker: Provider[] =
      role === 'api' ? [] : [DeadlineFiring, DeadlineWorker, DeadlineSweeper, DeadlineReplanner];
    return {
      module: DeadlinesModule,
      controllers: [DeadlinesController],
      imports: [
        BullModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) => ({
            connection: { url: config.get('REDIS_URL', { infer: true }) },
            prefix: config.get('QUEUE_PREFIX', { infer: true }),
          }),
        }),
        BullModule.registerQueueAsync({
          name: DEADLINE_QUEUE,
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) => ({
            connection: producerConnection(config.get('REDIS_URL', { infer: true })),
            prefix: config.get('QUEUE_PREFIX', { infer: true }),
          }),
        }),
      ],
      providers: [
        DeadlineScheduler,
        { provide: DEADLINE_COMMIT_LISTENER, useExisting: DeadlineScheduler },
        ...worker,
      ],
      exports: [DeadlineScheduler, DEADLINE_COMMIT_LISTENER, ...(role === 'api' ? [] : [DeadlineSweeper])],
    };
  }
}
