/*
 * Live refresh: GET /cases/:id/stream sends the case's {revision, state} whenever it changes —
 * changes made through another API process and deadlines fired by a worker process included
 * (Redis pub/sub), and, with Redis away, still (each stream polls its case).
 */
import { claims, signJwt, TEST_SUB_UNIT } from './support/jwt';
import { freePort } from './support/redis-server';
import { openStream } from './support/event-stream';
import { createTestStore, type TestStore } from './support/test-store';
import { queuePrefix, timeoutRows } from './support/deadline-helpers';
import { expectStatus, getCase, history, openCase, SUBS, step, users, type Users } from './support/procedure';
import { Client, startTestApp, TEST_SECRET, token, type TestApp } from './support/test-app';
import { startWorker, type WorkerProcess } from './support/worker-process';

interface Head {
  revision: number;
  state: string;
}

const streamUrl = (app: TestApp, caseId: string) => `${app.baseUrl}/cases/${caseId}/stream`;

describe('with Redis: two API processes and a deadline worker', () => {
  let store: TestStore;
  const apis: TestApp[] = [];
  let worker: WorkerProcess;
  let a: Users;
  let b: Users;

  beforeAll(async () => {
    store = await createTestStore();
    const env = {
      ...store.env,
      QUEUE_PREFIX: queuePrefix('live'),
      DEADLINE_OVERRIDES: JSON.stringify({ investigation: 'PT4S' }),
    };
    for (let i = 0; i < 2; i++) apis.push(await startTestApp({ ...env, WENZE_ROLE: 'api' }, { store }));
    worker = await startWorker(env);
    [a, b] = await Promise.all(apis.map((api) => users(api.baseUrl)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...apis.map((api) => api.close()), worker?.close()]);
    await store?.drop();
  });

  it('an event sent through the other API process reaches the stream as the new revision', async () => {
    const opened = await openCase(a);
    const stream = await openStream(streamUrl(apis[0], opened.id), await token(SUBS.leader, ['leader']));
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.headers.get('cache-control')).toBe('no-store');
      const first = await stream.next<Head>('the current revision', () => true, 5_000);
      expect(first).toEqual({ revision: opened.revision, state: opened.state });

      const accepted = await step(b, opened.id, 'ACCEPT');
      const pushed = await stream.next<Head>(
        `revision ${accepted.revision}`,
        (h) => h.revision === accepted.revision,
        10_000,
      );
      expect(pushed.state).toBe(accepted.state);
    } finally {
      stream.close();
    }
    // The subscription is one read in the access log, however many changes it carried.
    const log = expectStatus(
      await a.admin.request<{ items: { action: string; caseId?: string }[] }>(
        'GET',
        `/access-log?actor=${SUBS.leader}&limit=100`,
      ),
      200,
    ).body.items.filter((e) => e.action === 'case.stream' && e.caseId === opened.id);
    expect(log).toHaveLength(1);
  });

  it('a deadline fired by the worker process reaches the stream', async () => {
    const opened = await openCase(a);
    await step(b, opened.id, 'ACCEPT');
    const investigating = await step(b, opened.id, 'APPROVE_INVESTIGATION');
    const stream = await openStream(streamUrl(apis[0], opened.id), await token(SUBS.officer, ['officer']));
    try {
      await stream.next<Head>('the current revision', (h) => h.revision === investigating.revision, 5_000);
      const fired = await stream.next<Head>(
        'the revision of the fired deadline',
        (h) => h.revision > investigating.revision,
        30_000,
      );
      const rows = timeoutRows(await history(a.officer, opened.id));
      expect(rows.map((r) => r.seq)).toContain(fired.revision);
      expect((await getCase(a.officer, opened.id)).revision).toBe(fired.revision);
    } finally {
      stream.close();
    }
  });

  it('no stream outside your reach (404), none without a token (401)', async () => {
    const opened = await openCase(a);
    const outside = await signJwt(
      claims('sub-unit-supervisor', ['supervisor'], 3600, TEST_SUB_UNIT),
      TEST_SECRET,
    );
    const stream = await openStream(streamUrl(apis[0], opened.id), outside);
    stream.close();
    expect(stream.status).toBe(404);
    const anonymous = await new Client(apis[0].baseUrl).request('GET', `/cases/${opened.id}/stream`);
    expect(anonymous.status).toBe(401);
  });

  it('an open stream ends when its service shuts down, and the shutdown is clean', () =>
    endsOnShutdown(apis[1], a));
});

describe('with Redis away', () => {
  let store: TestStore;
  const apis: TestApp[] = [];
  let a: Users;
  let b: Users;

  beforeAll(async () => {
    store = await createTestStore();
    const env = {
      ...store.env,
      QUEUE_PREFIX: queuePrefix('live-down'),
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
    };
    for (let i = 0; i < 2; i++) apis.push(await startTestApp({ ...env, WENZE_ROLE: 'api' }, { store }));
    [a, b] = await Promise.all(apis.map((api) => users(api.baseUrl)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apis.map((api) => api.close()));
    await store?.drop();
  });

  it('the stream still brings changes made through another process (it polls the case)', async () => {
    const opened = await openCase(a);
    const stream = await openStream(streamUrl(apis[0], opened.id), await token(SUBS.leader, ['leader']));
    try {
      expect(stream.status).toBe(200);
      await stream.next<Head>('the current revision', (h) => h.revision === opened.revision, 5_000);
      const accepted = await step(b, opened.id, 'ACCEPT');
      const pushed = await stream.next<Head>(
        `revision ${accepted.revision}`,
        (h) => h.revision === accepted.revision,
        15_000,
      );
      expect(pushed.state).toBe(accepted.state);
    } finally {
      stream.close();
    }
  });

  it('an open stream ends when its service shuts down, and the shutdown is clean', () =>
    endsOnShutdown(apis[1], a));
});

/** Opens a stream on `api`, shuts `api` down, and expects the stream to end and the process to exit by itself. */
async function endsOnShutdown(api: TestApp, u: Users): Promise<void> {
  const opened = await openCase(u);
  const stream = await openStream(streamUrl(api, opened.id), await token(SUBS.leader, ['leader']));
  await stream.next<Head>('the current revision', () => true, 5_000);
  await api.close();
  await expect(stream.next('anything more', () => true, 15_000)).rejects.toThrow(/the stream ended/);
  // Ended by the service itself (exit code 0), not by the harness's SIGKILL after 10 s.
  expect([api.process.exitCode, api.process.signalCode]).toEqual([0, null]);
}
