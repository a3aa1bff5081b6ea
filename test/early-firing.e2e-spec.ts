/*
 * A deadline's job that runs before the deadline is due — promoted by hand in the queue board, or
 * mistimed — must not fire it: the row's due time is the truth, the job is only its driver. The
 * worker puts the job back to wait until the due time, and the case stays where it is.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  deadlineOf,
  dropQueueKeys,
  queuePrefix,
  redisClient,
  REDIS_URL,
  sleep,
  waitFor,
} from './support/deadline-helpers';
import { getCase, history, openCase, step, users, type Users } from './support/procedure';
import { startTestApp, type TestApp } from './support/test-app';

describe('a deadline job run early', () => {
  let app: TestApp;
  let u: Users;
  let redis: Redis;
  let queue: Queue;
  const prefix = queuePrefix('early');

  beforeAll(async () => {
    redis = redisClient();
    app = await startTestApp({ QUEUE_PREFIX: prefix });
    u = await users(app.baseUrl);
    queue = new Queue('deadlines', { connection: { url: REDIS_URL }, prefix });
  }, 60_000);

  afterAll(async () => {
    await queue?.close();
    await app?.close();
    if (redis) {
      await dropQueueKeys(redis, prefix).catch(() => undefined);
      redis.disconnect();
    }
  });

  it('does not fire the deadline; the job waits again until the due time', async () => {
    const c = await openCase(u);
    await step(u, c.id, 'ACCEPT');
    const investigating = await step(u, c.id, 'APPROVE_INVESTIGATION');
    const limit = deadlineOf(investigating, 'investigation');
    const job = await waitFor('the investigation job in Redis', () => queue.getJob(limit.id), 10_000);
    expect(await job.getState()).toBe('delayed');

    await job.promote(); // what "promote" in the queue board does
    await waitFor(
      'the worker to put the job back to wait',
      async () => (await queue.getJob(limit.id))?.getState().then((s) => s === 'delayed' && s),
      10_000,
    );
    await sleep(500);

    const after = await getCase(u.officer, c.id);
    expect(after.state).toBe('investigation');
    expect(after.revision).toBe(investigating.revision);
    expect(deadlineOf(after, 'investigation')).toMatchObject({
      id: limit.id,
      status: 'pending',
      firedAt: null,
    });
    expect((await history(u.officer, c.id)).map((h) => h.type)).not.toContain(
      expect.stringMatching(/^xstate\.after\./),
    );
    const again = await queue.getJob(limit.id);
    expect(again!.delay + again!.timestamp).toBeGreaterThanOrEqual(Date.parse(limit.dueAt) - 1000);
  });

  it('says once, loudly, that jobs of deadlines it does not know belong to another deployment', async () => {
    const strangers = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of strangers)
      await queue.add(
        'fire',
        { deadlineId: id, caseId: randomUUID(), dueAt: new Date().toISOString() },
        { jobId: id },
      );
    await waitFor(
      'the worker to drop the strangers',
      async () => {
        const states = await Promise.all(strangers.map(async (id) => (await queue.getJob(id))?.getState()));
        return states.every((s) => s === 'completed') || undefined;
      },
      10_000,
    );
    const warnings = app
      .output()
      .split('\n')
      .filter((line) => line.includes('has no deadline row in this database'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/QUEUE_PREFIX/);
    expect(JSON.parse(warnings[0])).toMatchObject({ level: 40 });
  });
});
