/*
 * A child process for redis-outage.e2e-spec: one BullMQ worker made as @nestjs/bullmq makes the
 * service's — its queue's connection, then its @Processor options over it — busy with jobs when the
 * parent takes Redis away. It prints `busy` once a job runs, then `tick` every 100 ms for as long as
 * its event loop turns.
 *
 *   node -r test/support/ts-register.js test/support/outage-worker.ts <deadlines|notices|webhooks|queue-connection>
 * with REDIS_URL and QUEUE_PREFIX set. `queue-connection`: the deadline processor's concurrency on its
 * queue's connection alone (how the service ran its workers before), the control.
 */
import 'reflect-metadata';
import { Queue, Worker, type WorkerOptions } from 'bullmq';
import { DeadlineWorker } from '../../src/deadlines/deadline.worker';
import { producerConnection } from '../../src/deadlines/redis-connections';
import { NoticeWorker } from '../../src/notices/notice.worker';
import { WebhookWorker } from '../../src/webhooks/webhook.worker';

/** @nestjs/bullmq's key for @Processor's worker options (bull.constants.js, WORKER_METADATA). */
const WORKER_METADATA = 'bullmq:worker_metadata';
const PROCESSORS = { deadlines: DeadlineWorker, notices: NoticeWorker, webhooks: WebhookWorker };

function declaredOptions(which: string): Partial<WorkerOptions> {
  if (which === 'queue-connection') {
    const { concurrency } = declaredOptions('deadlines');
    return { concurrency };
  }
  const processor = PROCESSORS[which as keyof typeof PROCESSORS];
  if (!processor) throw new Error(`no processor ${which}`);
  return (Reflect.getMetadata(WORKER_METADATA, processor) ?? {}) as Partial<WorkerOptions>;
}

async function main(): Promise<void> {
  const url = process.env.REDIS_URL!;
  const prefix = process.env.QUEUE_PREFIX!;
  const queue = new Queue('outage', { connection: producerConnection(url), prefix });
  let started!: () => void;
  const running = new Promise<void>((done) => (started = done));
  const options = { connection: producerConnection(url), prefix, ...declaredOptions(process.argv[2]) };
  const worker = new Worker(
    'outage',
    async () => {
      started();
      await new Promise((done) => setTimeout(done, 300));
    },
    options,
  );
  worker.on('error', () => undefined);
  await queue.addBulk(Array.from({ length: 40 }, (_, i) => ({ name: 'job', data: { i } })));
  await running;
  process.stdout.write('busy\n');
  setInterval(() => process.stdout.write('tick\n'), 100);
}

void main();
