import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { RedisOutageReporter } from './redis-outage.reporter';
import { DelayedError, type Job } from 'bullmq';
import { DeadlineFiring, type FireOutcome } from './deadline.firing';
import { DEADLINE_QUEUE, type FireDeadlineJob } from './deadline.queue';
import { processorOptions, redisUrlFromEnv } from './redis-connections';

/** Fires due deadlines. Several workers may share the queue; the deadline row makes firing exactly-once. */
@Processor(DEADLINE_QUEUE, processorOptions(Number(process.env.DEADLINE_CONCURRENCY ?? 8)))
export class DeadlineWorker extends WorkerHost {
  constructor(private readonly firing: DeadlineFiring) {
    super();
  }

  async process(job: Job<FireDeadlineJob>, token?: string): Promise<FireOutcome> {
    const outcome = await this.firing.fire(job.data.deadlineId);
    if (typeof outcome === 'object') {
      // BullMQ's way to put a running job back to wait: move it, then tell the worker with DelayedError.
      await job.moveToDelayed(outcome.early, token);
      throw new DelayedError();
    }
    return outcome;
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    RedisOutageReporter.report(redisUrlFromEnv(), error);
  }
}
