import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DeadlineScheduler } from '../deadlines/deadline.scheduler';

/** Redis drives the deadlines: without it transitions still commit, but timers wait for its return. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly scheduler: DeadlineScheduler,
  ) {}

  async check(key = 'redis') {
    const session = this.indicators.check(key);
    try {
      const jobs = await Promise.race([
        this.scheduler.counts(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('no answer within 1 s')), 1000).unref(),
        ),
      ]);
      return session.up({ deadlineJobs: jobs });
    } catch (error) {
      return session.down({ message: `Redis is not reachable: ${(error as Error).message}` });
    }
  }
}
