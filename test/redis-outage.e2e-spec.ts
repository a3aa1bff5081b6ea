/*
 * While Redis is away, the service's BullMQ workers wait for it: each runs in a child process made as
 * @nestjs/bullmq makes the service's (its queue's connection, then its @Processor options), busy with
 * jobs when Redis stops, and must keep its event loop turning. On its queue's connection (offline queue
 * off, so that producers fail fast) BullMQ retried a refused fetch at once, in a loop of promises that
 * never let the event loop turn: the service answered nothing and spun at 100% CPU until Redis came
 * back (the outage test of deadline-durability hung about one run in six). The control shows it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { queuePrefix, sleep, waitFor } from './support/deadline-helpers';
import { redisServer, type RedisServer } from './support/redis-server';
import { TS_REGISTER } from './support/test-app';

const ROOT = resolve(__dirname, '..');
const HARNESS = join(__dirname, 'support', 'outage-worker.ts');

interface Harness {
  child: ChildProcess;
  ticks(): number;
  output(): string;
}

function startHarness(which: string, redisUrl: string): Harness {
  const child = spawn(process.execPath, ['-r', TS_REGISTER, HARNESS, which], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix(`outage-${which}`) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: string) => (output = (output + chunk).slice(-20_000));
  child.stdout!.setEncoding('utf8').on('data', collect);
  child.stderr!.setEncoding('utf8').on('data', collect);
  return { child, ticks: () => output.split('\n').filter((l) => l === 'tick').length, output: () => output };
}

/** How many times the worker's event loop turned (100 ms apart) in the two seconds after Redis stopped. */
async function ticksWhileRedisIsAway(which: string): Promise<number> {
  const server: RedisServer = await redisServer();
  await server.start();
  const harness = startHarness(which, server.url);
  try {
    await waitFor(`${which}: a job running`, () => harness.output().includes('busy'), 30_000, 50);
    await server.stop();
    const before = harness.ticks();
    await sleep(2000);
    return harness.ticks() - before;
  } finally {
    harness.child.kill('SIGKILL');
    await server.stop();
  }
}

describe('BullMQ workers while Redis is away', () => {
  it.each(['deadlines', 'notices', 'webhooks'])(
    'the %s processor waits for Redis: its event loop keeps turning',
    async (which) => {
      expect(await ticksWhileRedisIsAway(which)).toBeGreaterThanOrEqual(5); // about 20 when idle
    },
    60_000,
  );

  it('control: on its queue connection alone a worker spins, and its event loop stops', async () => {
    expect(await ticksWhileRedisIsAway('queue-connection')).toBeLessThan(3);
  }, 60_000);
});
