import { Logger } from '@nestjs/common';

const QUIET_MS = 30_000;

/**
 * One clear line when Redis cannot be reached, then at most one every 30 s — instead of a
 * stack trace for every reconnection attempt of every BullMQ connection.
 */
export class RedisOutageReporter {
  private static lastReport = 0;
  private static readonly logger = new Logger('Deadlines');

  static report(redisUrl: string, error: Error): void {
    const now = Date.now();
    if (now - this.lastReport < QUIET_MS) return;
    this.lastReport = now;
    const why = (error as { code?: string }).code ?? error.message;
    this.logger.warn(
      `Redis at ${redisUrl} is not reachable (${why}). Transitions still commit and deadlines are kept ` +
        'in the database; they will be scheduled when Redis is back.',
    );
  }
}
