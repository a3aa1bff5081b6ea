/*
 * Durable deadlines, end to end: the real service in a child process, real SQLite, real Redis and
 * BullMQ delayed jobs. Time limits are shortened with DEADLINE_OVERRIDES (by delay name or kind),
 * so the timers fire within seconds and the tests watch the engine's own timeout transitions.
 */
import type Redis from 'ioredis';
import { SAMPLE } from '../machines/accountability.fixtures';
import {
  DEADLINE_SUB,
  deadlineOf,
  dropQueueKeys,
  jobKey,
  LagProbe,
  listDeadlines,
  queuePrefix,
  redisClient,
  timeoutRows,
  timeoutsOf,
  waitFor,
  waitUntilPast,
} from './support/deadline-helpers';
import {
  decideAndDeliver,
  deliverPayload,
  completeRectification,
  decisionWithRectification,
  executionPayload,
  expectStatus,
  getCase,
  history,
  inDays,
  recordDuties,
  openCase,
  step,
  steps,
  users,
  walkToDecision,
  walkToInvestigation,
  type CaseView,
  type Page,
  type Users,
} from './support/procedure';
import { startTestApp, type TestApp } from './support/test-app';

interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAtSeq?: number;
  replayMatches: boolean;
  problems?: string[];
}

interface CaseListItem {
  id: string;
  state: string;
  overdue: { id: string; kind: string; dueAt: string; lateByMs: number | null; overdue: boolean }[];
}

async function verify(u: Users, caseId: string): Promise<VerifyResult> {
  return expectStatus(await u.supervisor.get<VerifyResult>(`/cases/${caseId}/verify`), 200).body;
}

async function overdueCases(u: Users): Promise<CaseListItem[]> {
  return expectStatus(await u.supervisor.get<Page<CaseListItem>>('/cases?overdue=true&limit=100'), 200).body
    .items;
}

describe('deadlines fire through the engine (appealWindow PT3S, investigation PT2S)', () => {
  let app: TestApp;
  let u: Users;
  let redis: Redis;
  const prefix = queuePrefix('deadlines');

  beforeAll(async () => {
    redis = redisClient();
    app = await startTestApp({
      QUEUE_PREFIX: prefix,
      // appealWindow by delay name, investigation by kind (they are spelled alike in this workflow).
      DEADLINE_OVERRIDES: JSON.stringify({ appealWindow: 'PT3S', investigation: 'PT2S' }),
    });
    u = await users(app.baseUrl);
  });

  afterAll(async () => {
    await app?.close();
    if (redis) {
      await dropQueueKeys(redis, prefix).catch(() => undefined);
      redis.disconnect();
    }
  });

  it('closes the appeal window on its own: a real delayed job sends the timeout through the engine', async () => {
    const opened = await openCase(u);
    await walkToDecision(u, opened.id);
    const delivered = await decideAndDeliver(u, opened.id);
    expect(delivered.states).toContain('execution.appeal.open');
    const window = deadlineOf(delivered, 'appealWindow');
    // The window runs from the delivery date, shortened to 3 s.
    const deliveredAt = (delivered.context.delivery as { deliveredAt: string }).deliveredAt;
    expect(Date.parse(window.dueAt) - Date.parse(deliveredAt)).toBe(3000);
    // Its driver is a delayed BullMQ job whose id is the deadline id.
    await waitFor(
      'the delayed job in Redis',
      async () => (await redis.exists(jobKey(prefix, window.id))) === 1,
      5000,
    );

    const lag = new LagProbe(
      u.supervisor,
      new Map([[window.id, window.dueAt]]),
      'appealWindow, role all',
    ).start();
    let closed: CaseView;
    try {
      closed = await waitFor(
        'the appeal region to reach windowClosed',
        async () => {
          const c = await getCase(u.officer, opened.id);
          return c.states.includes('execution.appeal.windowClosed') && c;
        },
        15_000,
        50,
      );
    } finally {
      await lag.finish();
    }
    // Only the appeal region moved; the measures are still to be carried out.
    expect(closed.status).toBe('active');
    expect(closed.states).toContain('execution.measures.pending');

    const fired = deadlineOf(closed, 'appealWindow', 'fired');
    expect(fired.id).toBe(window.id);
    expect(fired.firedAt).toBe(window.dueAt);
    expect(fired.overdue).toBe(false); // the appeal window only closes; it does not flag the case

    const rows = await history(u.supervisor, opened.id);
    const timeouts = timeoutRows(rows);
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]).toMatchObject({
      type: 'xstate.after.appealWindow.accountability.execution.appeal.open',
      actor: { sub: DEADLINE_SUB, roles: [] },
      at: window.dueAt,
      payload: {},
    });
    expect(timeouts[0].from).toContain('execution.appeal.open');
    expect(timeouts[0].to).toContain('execution.appeal.windowClosed');
    expect(timeouts[0].seq).toBe(rows.length);
    expect((closed.context.appeal as { windowClosedAt: string }).windowClosedAt).toBe(window.dueAt);

    const check = await verify(u, opened.id);
    expect(check).toMatchObject({ ok: true, replayMatches: true, checked: rows.length });

    // The job completed and was removed; nothing is left to fire.
    await waitFor(
      'the completed job to be removed',
      async () => (await redis.exists(jobKey(prefix, window.id))) === 0,
      5000,
    );
  });

  it('closes the case as accountable on its own when measures and rectification are done before the window ends', async () => {
    const opened = await openCase(u);
    await walkToDecision(u, opened.id);
    await decideAndDeliver(u, opened.id, decisionWithRectification(inDays(30)));
    await completeRectification(u, opened.id);
    await step(u, opened.id, 'RECORD_EXECUTION', executionPayload());
    // The self-review and the filing (2019 Art 19; 2016 Art 9) complete the measures' region.
    const done = await recordDuties(u, opened.id);
    expect(done.status).toBe('active');
    expect(done.states).toEqual(
      expect.arrayContaining([
        'execution.measures.complete',
        'execution.rectification.verified',
        'execution.appeal.open',
      ]),
    );
    const window = deadlineOf(done, 'appealWindow');
    expect(Date.now()).toBeLessThan(Date.parse(window.dueAt)); // the officer was quicker than the window

    // Concluded as accountable: the outcome is known, only a correction (2019 Art 21) remains possible.
    const closed = await waitFor(
      'the case to conclude on its own',
      async () => {
        const c = await getCase(u.officer, opened.id);
        return c.state === 'concluded' && c;
      },
      15_000,
      100,
    );
    expect(closed.status).toBe('closed'); // concluded: listed as closed, still open to a correction
    expect(closed.outcome).toBe('accountable');
    expect(closed.context.closedAt).toBe(window.dueAt);
    expect(closed.allowedEvents).toEqual(['CORRECT_DECISION']);
    // Nothing is left pending on a concluded case: the rectification and execution limits were settled.
    expect(closed.deadlines.filter((d) => d.status === 'pending')).toEqual([]);
    expect(closed.deadlines.every((d) => d.settledAt !== null)).toBe(true);

    const rows = await history(u.supervisor, opened.id);
    const last = rows[rows.length - 1];
    expect(last).toMatchObject({
      type: 'xstate.after.appealWindow.accountability.execution.appeal.open',
      actor: { sub: DEADLINE_SUB },
      at: window.dueAt,
      to: 'concluded',
    });
    expect(timeoutRows(rows)).toHaveLength(1);
    expect(await verify(u, opened.id)).toMatchObject({ ok: true, replayMatches: true });
  });

  it('flags a case overdue when the investigation limit passes, until the report is submitted', async () => {
    const opened = await openCase(u);
    const investigating = await walkToInvestigation(u, opened.id);
    expect(investigating.state).toBe('investigation');
    const limit = deadlineOf(investigating, 'investigation');
    const startedAt = (investigating.context.investigation as { startedAt: string }).startedAt;
    expect(Date.parse(limit.dueAt) - Date.parse(startedAt)).toBe(2000);
    expect((await overdueCases(u)).map((c) => c.id)).not.toContain(opened.id);

    const lag = new LagProbe(
      u.supervisor,
      new Map([[limit.id, limit.dueAt]]),
      'investigation, role all',
    ).start();
    let listed: CaseListItem;
    try {
      listed = await waitFor(
        'the case to be listed as overdue',
        async () => (await overdueCases(u)).find((c) => c.id === opened.id),
        15_000,
        50,
      );
    } finally {
      await lag.finish();
    }
    expect(listed.state).toBe('investigation'); // flagging does not move the case
    expect(listed.overdue).toHaveLength(1);
    expect(listed.overdue[0]).toMatchObject({
      id: limit.id,
      kind: 'investigation',
      dueAt: limit.dueAt,
      overdue: true,
    });
    expect(listed.overdue[0].lateByMs).toBeGreaterThan(0);

    // The supervisor's deadline list shows it as fired, with its case.
    const fired = (await listDeadlines(u.supervisor, 'status=fired')).find((d) => d.id === limit.id);
    expect(fired).toMatchObject({
      caseId: opened.id,
      kind: 'investigation',
      status: 'fired',
      firedAt: limit.dueAt,
      settledAt: null,
      overdue: true,
      case: { state: 'investigation', status: 'active' },
    });
    expect(fired!.lateByMs).toBeGreaterThan(0);
    expect((await listDeadlines(u.supervisor, 'overdue=true')).map((d) => d.id)).toContain(limit.id);

    const overdueCase = await getCase(u.officer, opened.id);
    expect(overdueCase.context.overdue).toEqual({ investigation: limit.dueAt });
    const timeouts = await timeoutsOf(u.supervisor, opened.id);
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]).toMatchObject({
      type: 'xstate.after.investigation.accountability.investigation',
      actor: { sub: DEADLINE_SUB, roles: [] },
      at: limit.dueAt,
      from: 'investigation',
      to: 'investigation',
    });

    // Leaving the state settles the fired deadline: no longer overdue.
    const reported = await steps(u, opened.id, 'RECORD_STATEMENT', 'SUBMIT_REPORT');
    expect(reported.state).toBe('preliminaryOpinion');
    const settled = deadlineOf(reported, 'investigation', 'fired');
    expect(settled.settledAt).not.toBeNull();
    expect(settled.overdue).toBe(false);
    expect(settled.lateByMs).toBeNull();
    expect((await overdueCases(u)).map((c) => c.id)).not.toContain(opened.id);
    expect((await listDeadlines(u.supervisor, 'overdue=true')).map((d) => d.id)).not.toContain(limit.id);
    const notOverdue = expectStatus(
      await u.supervisor.get<Page<CaseListItem>>('/cases?overdue=false&limit=100'),
      200,
    ).body.items;
    expect(notOverdue.map((c) => c.id)).toContain(opened.id);
    expect(await verify(u, opened.id)).toMatchObject({ ok: true, replayMatches: true });
  });
});

describe('deadlines that are left before they are due (investigation PT4S)', () => {
  let app: TestApp;
  let u: Users;
  let redis: Redis;
  const prefix = queuePrefix('cancel');

  beforeAll(async () => {
    redis = redisClient();
    app = await startTestApp({
      QUEUE_PREFIX: prefix,
      DEADLINE_OVERRIDES: JSON.stringify({ investigation: 'PT4S' }),
    });
    u = await users(app.baseUrl);
  });

  afterAll(async () => {
    await app?.close();
    if (redis) {
      await dropQueueKeys(redis, prefix).catch(() => undefined);
      redis.disconnect();
    }
  });

  it('cancels the deadline, removes its job, and never fires it', async () => {
    const opened = await openCase(u);
    const investigating = await walkToInvestigation(u, opened.id);
    const limit = deadlineOf(investigating, 'investigation');
    await waitFor(
      'the delayed job in Redis',
      async () => (await redis.exists(jobKey(prefix, limit.id))) === 1,
      3000,
      25,
    );

    const reported = await steps(u, opened.id, 'RECORD_STATEMENT', 'SUBMIT_REPORT');
    expect(Date.now()).toBeLessThan(Date.parse(limit.dueAt)); // left in time
    const cancelled = deadlineOf(reported, 'investigation', 'cancelled');
    expect(cancelled.id).toBe(limit.id);
    expect(cancelled.settledAt).not.toBeNull();
    expect(cancelled.firedAt).toBeNull();
    // The job is removed after the commit, well before it would have been due.
    await waitFor(
      'the job to be removed',
      async () => (await redis.exists(jobKey(prefix, limit.id))) === 0,
      3000,
      25,
    );
    expect(await redis.zscore(`${prefix}:deadlines:delayed`, limit.id)).toBeNull();

    await waitUntilPast(limit.dueAt, 1500);
    const later = await getCase(u.officer, opened.id);
    expect(later.state).toBe('preliminaryOpinion');
    expect(deadlineOf(later, 'investigation', 'cancelled').id).toBe(limit.id);
    expect(await timeoutsOf(u.supervisor, opened.id)).toEqual([]);
    expect(await verify(u, opened.id)).toMatchObject({ ok: true, replayMatches: true });
  });

  it('re-arms on EXTEND_INVESTIGATION: the old deadline and its job go, the new one is scheduled', async () => {
    const opened = await openCase(u);
    const investigating = await walkToInvestigation(u, opened.id);
    const first = deadlineOf(investigating, 'investigation');
    await waitFor(
      'the first job in Redis',
      async () => (await redis.exists(jobKey(prefix, first.id))) === 1,
      3000,
      25,
    );

    const extended = await step(u, opened.id, 'EXTEND_INVESTIGATION', {
      days: 30,
      reason: 'expert report pending',
    });
    expect(extended.state).toBe('investigation');
    expect(deadlineOf(extended, 'investigation', 'cancelled').id).toBe(first.id);
    const second = deadlineOf(extended, 'investigation');
    expect(second.id).not.toBe(first.id);
    expect(Date.parse(second.dueAt) - Date.parse(first.dueAt)).toBe(30 * 86_400_000);
    await waitFor(
      'the first job to be removed',
      async () => (await redis.exists(jobKey(prefix, first.id))) === 0,
      3000,
      25,
    );
    await waitFor(
      'the second job in Redis',
      async () => (await redis.exists(jobKey(prefix, second.id))) === 1,
      3000,
      25,
    );

    await waitUntilPast(first.dueAt, 1500);
    expect(await timeoutsOf(u.supervisor, opened.id)).toEqual([]);
    expect(deadlineOf(await getCase(u.officer, opened.id), 'investigation').id).toBe(second.id);
  });

  it('cancels the delivery limit when the decision is delivered in time', async () => {
    const opened = await openCase(u);
    await walkToDecision(u, opened.id);
    const notified = await step(u, opened.id, 'DECIDE', SAMPLE.DECIDE);
    const delivery = deadlineOf(notified, 'delivery');
    const delivered = await step(u, opened.id, 'DELIVER', deliverPayload());
    expect(deadlineOf(delivered, 'delivery', 'cancelled').id).toBe(delivery.id);
    await waitFor(
      'the delivery job to be removed',
      async () => (await redis.exists(jobKey(prefix, delivery.id))) === 0,
      3000,
      25,
    );
  });
});
