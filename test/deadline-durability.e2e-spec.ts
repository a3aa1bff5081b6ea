/*
 * Deadlines survive what production throws at them: a worker killed with SIGKILL, Redis going away
 * and coming back empty, several workers racing on one queue. Each scenario runs the real service
 * in child processes (API-only, worker-only or both) on one SQLite file and one BullMQ queue, and
 * checks the one property that matters: every deadline fires, exactly once.
 */
import {
  DEADLINE_SUB,
  deadlineOf,
  dropQueueKeys,
  jobKey,
  LagProbe,
  latestIso,
  listDeadlines,
  queuePrefix,
  redisClient,
  sleep,
  timeoutsOf,
  waitFor,
  waitUntilPast,
  type CaseDeadline,
} from './support/deadline-helpers';
import {
  expectStatus,
  getCase,
  openCase,
  steps,
  users,
  walkToInvestigation,
  type Users,
} from './support/procedure';
import type Redis from 'ioredis';
import { redisServer, type RedisServer } from './support/redis-server';
import { Client, startTestApp, type TestApp } from './support/test-app';
import { createTestStore, type TestStore } from './support/test-store';
import { startWorker, type WorkerProcess } from './support/worker-process';

interface HealthReport {
  statusCode?: number;
  status: string;
  message?: string;
  down?: Record<string, { status: string; message?: string }>;
  details?: Record<string, { status: string }>;
}

interface Tracked {
  caseId: string;
  deadline: CaseDeadline;
}

/** Opens `n` cases and takes each into `investigation`, a few at a time; returns their investigation deadlines. */
async function investigations(u: Users, n: number, parallel = 5): Promise<Tracked[]> {
  const out: Tracked[] = [];
  for (let i = 0; i < n; i += parallel) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(parallel, n - i) }, async () => {
        const c = await openCase(u);
        const inv = await walkToInvestigation(u, c.id);
        return { caseId: c.id, deadline: deadlineOf(inv, 'investigation') };
      }),
    );
    out.push(...batch);
  }
  return out;
}

/**
 * Every tracked deadline fired exactly once: the row is `fired` at its dueAt, and the case's history
 * holds exactly one timeout row for it, sent by the deadline timer and stamped with the dueAt.
 */
async function expectFiredOnce(u: Users, tracked: Tracked[]): Promise<void> {
  const fired = new Map((await listDeadlines(u.supervisor, 'status=fired')).map((d) => [d.id, d]));
  for (const t of tracked) {
    expect(fired.get(t.deadline.id)).toMatchObject({
      status: 'fired',
      firedAt: t.deadline.dueAt,
      caseId: t.caseId,
    });
    const timeouts = await timeoutsOf(u.supervisor, t.caseId);
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]).toMatchObject({
      type: 'xstate.after.investigation.accountability.investigation',
      actor: { sub: DEADLINE_SUB },
      at: t.deadline.dueAt,
    });
    const check = expectStatus(
      await u.supervisor.get<{ ok: boolean }>(`/cases/${t.caseId}/verify`),
      200,
    ).body;
    expect(check).toMatchObject({ ok: true, replayMatches: true });
  }
}

async function waitAllFired(u: Users, tracked: Tracked[], timeoutMs: number): Promise<void> {
  const ids = new Set(tracked.map((t) => t.deadline.id));
  await waitFor(
    `${ids.size} deadlines to fire`,
    async () => {
      const fired = (await listDeadlines(u.supervisor, 'status=fired')).filter((d) => ids.has(d.id));
      return fired.length === ids.size;
    },
    timeoutMs,
    200,
  );
}

async function expectNoneFired(u: Users, tracked: Tracked[]): Promise<void> {
  const pending = new Set((await listDeadlines(u.supervisor, 'status=pending')).map((d) => d.id));
  for (const t of tracked) expect(pending.has(t.deadline.id)).toBe(true);
  for (const t of tracked) expect(await timeoutsOf(u.supervisor, t.caseId)).toEqual([]);
}

function dueMap(tracked: Tracked[]): Map<string, string> {
  return new Map(tracked.map((t) => [t.deadline.id, t.deadline.dueAt]));
}

/**
 * An API-only process and worker-only processes sharing one store (a SQLite file, or a PostgreSQL
 * database when WENZE_TEST_PG_URL is set) and one queue prefix, passed explicitly to each of them.
 */
class ScaleOut {
  readonly env: Record<string, string>;
  api?: TestApp;
  readonly workers: WorkerProcess[] = [];
  redis?: Redis;
  private store?: TestStore;

  constructor(name: string, extra: Record<string, string>) {
    this.env = { QUEUE_PREFIX: queuePrefix(name), ...extra };
  }

  /** The store, then the API (it runs the migrations on the fresh store), then `workers` workers. */
  async start(workers: number): Promise<void> {
    this.redis = redisClient();
    this.store = await createTestStore();
    Object.assign(this.env, this.store.env);
    this.api = await startTestApp({ ...this.env, WENZE_ROLE: 'api' });
    for (let i = 0; i < workers; i++) await this.addWorker();
  }

  async addWorker(): Promise<WorkerProcess> {
    const worker = await startWorker(this.env);
    this.workers.push(worker);
    return worker;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.api?.close();
    if (this.redis) {
      await dropQueueKeys(this.redis, this.env.QUEUE_PREFIX).catch(() => undefined);
      this.redis.disconnect();
    }
    await this.store?.drop();
  }
}

describe('a worker killed before its deadlines are due', () => {
  const setup = new ScaleOut('kill', { DEADLINE_OVERRIDES: JSON.stringify({ investigation: 'PT6S' }) });
  const { env, workers } = setup;

  beforeAll(() => setup.start(1));
  afterAll(() => setup.close());

  it('fires every deadline exactly once after a new worker starts', async () => {
    const u = await users(setup.api!.baseUrl);
    const tracked = await investigations(u, 10);
    // The API alone only enqueues: every deadline has its delayed job in Redis.
    for (const t of tracked) {
      await waitFor(
        'the delayed job',
        async () => (await setup.redis!.exists(jobKey(env.QUEUE_PREFIX, t.deadline.id))) === 1,
        3000,
        25,
      );
    }
    const firstDue = tracked.map((t) => Date.parse(t.deadline.dueAt)).reduce((a, b) => Math.min(a, b));
    await workers[0].kill();
    expect(Date.now()).toBeLessThan(firstDue); // killed before anything was due

    // Past due with no worker alive: nothing fires, the rows and jobs wait.
    await waitUntilPast(latestIso(tracked.map((t) => t.deadline.dueAt)), 1500);
    await expectNoneFired(u, tracked);
    expect(await setup.redis!.zcard(`${env.QUEUE_PREFIX}:deadlines:delayed`)).toBe(tracked.length);

    await setup.addWorker();
    await waitAllFired(u, tracked, 20_000);
    await sleep(1500); // room for a duplicate to show up, if there were one
    await expectFiredOnce(u, tracked);
    for (const t of tracked) expect((await getCase(u.officer, t.caseId)).state).toBe('investigation');
  });
});

describe('Redis goes away and comes back empty (role all, sweep every 500 ms)', () => {
  let server: RedisServer;
  let app: TestApp | undefined;

  beforeAll(async () => {
    server = await redisServer();
    await server.start();
    app = await startTestApp({
      REDIS_URL: server.url,
      QUEUE_PREFIX: queuePrefix('outage'),
      DEADLINE_SWEEP_MS: '500',
      DEADLINE_OVERRIDES: JSON.stringify({ investigation: 'PT4S' }),
    });
  });

  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('keeps committing transitions, reports Redis down, and fires every deadline once when it returns', async () => {
    const u = await users(app!.baseUrl);
    const health = new Client(app!.baseUrl);
    expect((await health.get('/health')).status).toBe(200);

    // A: scheduled while Redis is up (their jobs will be lost with it). B: scheduled while it is down.
    const accepted = [];
    for (let i = 0; i < 7; i++) {
      const c = await openCase(u);
      await steps(u, c.id, 'ACCEPT');
      accepted.push(c.id);
    }
    const before: Tracked[] = [];
    for (const caseId of accepted.slice(0, 4)) {
      const inv = await steps(u, caseId, 'APPROVE_INVESTIGATION');
      before.push({ caseId, deadline: deadlineOf(inv, 'investigation') });
    }
    await server.stop();
    expect(Date.now()).toBeLessThan(Date.parse(before[0].deadline.dueAt)); // the jobs had not fired yet

    const down = await waitFor(
      'GET /health to report Redis down',
      async () => {
        const r = await health.get<HealthReport>('/health');
        return r.status === 503 && r;
      },
      10_000,
      200,
    );
    // The error envelope names what is down; the terminus report rides along.
    expect(down.body).toMatchObject({ statusCode: 503, status: 'error', message: 'Unhealthy: redis down' });
    expect(down.body.down).toEqual({
      redis: { status: 'down', message: expect.stringMatching(/Redis is not reachable/) },
    });
    expect(down.body.details?.database).toMatchObject({ status: 'up' });

    // Transitions still commit (the rows are the outbox) and answer 200.
    const during: Tracked[] = [];
    for (const caseId of accepted.slice(4)) {
      const inv = await steps(u, caseId, 'APPROVE_INVESTIGATION');
      expect(inv.state).toBe('investigation');
      during.push({ caseId, deadline: deadlineOf(inv, 'investigation') });
    }
    // One deadline of A is settled during the outage: its job cannot be removed, but it must never fire.
    const left = before.pop()!;
    const reported = await steps(u, left.caseId, 'RECORD_STATEMENT', 'SUBMIT_REPORT');
    expect(deadlineOf(reported, 'investigation', 'cancelled').id).toBe(left.deadline.id);

    const tracked = [...before, ...during];
    await waitUntilPast(latestIso(tracked.map((t) => t.deadline.dueAt)), 1000);
    await expectNoneFired(u, tracked);

    const restarted = Date.now();
    await server.start(); // same port, empty
    const lag = new LagProbe(
      u.supervisor,
      dueMap(tracked),
      'after the Redis outage (includes the outage)',
    ).start();
    try {
      await waitFor(
        'GET /health to answer 200 again',
        async () => (await health.get('/health')).status === 200,
        15_000,
        200,
      );
      await waitAllFired(u, tracked, 20_000);
      process.stdout.write(
        `[firing lag] Redis restarted → all ${tracked.length} fired: ${Date.now() - restarted} ms\n`,
      );
    } finally {
      await lag.finish();
    }
    await sleep(2000); // four more sweeps: nothing fires twice
    await expectFiredOnce(u, tracked);
    expect(await timeoutsOf(u.supervisor, left.caseId)).toEqual([]);
    expect(deadlineOf(await getCase(u.officer, left.caseId), 'investigation', 'cancelled').id).toBe(
      left.deadline.id,
    );
    // Its waits are bounded one by one (10 s, 15 s, 20 s…); on a slow machine they add up past Jest's 60 s.
  }, 180_000);
});

describe('two workers on one queue (API-only + 2 worker processes, sweep every 100 ms)', () => {
  // A sweep this frequent re-adds jobs while the other worker fires them: duplicates are the point.
  const setup = new ScaleOut('pair', {
    DEADLINE_SWEEP_MS: '100',
    DEADLINE_OVERRIDES: JSON.stringify({ investigation: 'PT5S' }),
  });

  beforeAll(() => setup.start(2));
  afterAll(() => setup.close());

  it('fires each of 20 deadlines exactly once', async () => {
    const u = await users(setup.api!.baseUrl);
    const tracked = await investigations(u, 20);
    const lag = new LagProbe(u.supervisor, dueMap(tracked), 'API + 2 workers, 20 deadlines').start();
    try {
      await waitAllFired(u, tracked, 30_000);
    } finally {
      await lag.finish();
    }
    await sleep(1500);
    await expectFiredOnce(u, tracked);
    for (const w of setup.workers) expect(w.process.exitCode).toBeNull(); // both still running
  });
});
