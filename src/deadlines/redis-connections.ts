import type { ConnectionOptions, WorkerOptions } from 'bullmq';

import { DEFAULT_REDIS_URL } from '../config/app.config';

/**
 * REDIS_URL as AppConfig reads it, for what runs before the config service exists or outside it (a
 * processor's decorator, its error handler).
 */
export const redisUrlFromEnv = (): string => process.env.REDIS_URL || DEFAULT_REDIS_URL;

/**
 * A queue's connection, for producers: they fail fast while Redis is away instead of buffering
 * commands (the rows are the outbox, the sweeps enqueue them again).
 */
export const producerConnection = (url: string): ConnectionOptions => ({ url, enableOfflineQueue: false });

/**
 * A processor's options, with a connection of its own that waits for Redis. @nestjs/bullmq gives a
 * worker its queue's connection unless @Processor names one; on a producer's connection BullMQ retries
 * a refused fetch at once, in a loop of promises that never lets the event loop turn: while Redis was
 * away the service answered nothing, its CPU at 100%.
 */
export function processorOptions(concurrency: number): Pick<WorkerOptions, 'concurrency' | 'connection'> {
  return {
    concurrency,
    connection: { url: redisUrlFromEnv(), maxRetriesPerRequest: null },
  };
}
