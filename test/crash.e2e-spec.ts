/*
 * A crash in the middle of a load: many concurrent events and opens against one server process,
 * SIGKILL while requests are in flight, then a new process on the same store (and the same queue).
 * After the restart:
 *   - every request that got a 2xx is in the history (events: exactly once, with the payload sent,
 *     at or before the revision the reply named; opens: the case exists under its business key);
 *   - every case's chain verifies and its replay matches its snapshot;
 *   - no pending deadline is lost: each row pending at the crash is still pending or fired, and with
 *     a short DEADLINE_OVERRIDES they all fire after the restart, each exactly once;
 *   - the engine carries on: new events are applied on top of the recovered chains.
 */
import { dropQueueKeys, queuePrefix, redisClient, timeoutsOf, waitFor } from './support/deadline-helpers';
import {
  expectStatus,
  history,
  openBody,
  openCase,
  steps,
  unique,
  users,
  walkToInvestigation,
  type CaseView,
  type Users,
} from './support/procedure';
import { startTestApp, type Reply, type TestApp } from './support/test-app';
import { createTestStore, type TestStore } from './support/test-store';

const INVESTIGATION = 'PT15S';

interface Outcome {
  what: 'event' | 'open';
  caseId?: string;
  type?: string;
  payload?: Record<string, unknown>;
  businessKey?: string;
  /** HTTP status, or null when the request died with the process. */
  status: number | null;
  revision?: number;
  id?: string;
}

interface DeadlineRow {
  id: string;
  case_id: string;
  status: string;
  due_at: string;
}

let store: TestStore;
let prefix: string;
let env: Record<string, string>;
let first: TestApp | undefined;
let second: TestApp | undefined;

beforeAll(async () => {
  store = await createTestStore();
  prefix = queuePrefix('crash');
  env = {
    QUEUE_PREFIX: prefix,
    DEADLINE_OVERRIDES: JSON.stringify({ investigation: INVESTIGATION }),
    DEADLINE_SWEEP_MS: '1000',
  };
});

afterAll(async () => {
  await first?.close();
  await second?.close();
  const redis = redisClient();
  try {
    await dropQueueKeys(redis, prefix);
  } finally {
    redis.disconnect();
  }
  await store?.drop();
});

/** Sends and records; a request cut off by the crash is recorded with status null. */
async function attempt(o: Omit<Outcome, 'status'>, send: () => Promise<Reply<CaseView>>): Promise<Outcome> {
  try {
    const reply = await send();
    return { ...o, status: reply.status, revision: reply.body?.revision, id: reply.body?.id };
  } catch {
    return { ...o, status: null };
  }
}

it('SIGKILL under load loses no acknowledged event, no chain, no deadline', async () => {
  first = await startTestApp(env, { store });
  const u: Users = await users(first.baseUrl);

  // Before the load: cases in investigation (a deadline each) and cases waiting to be accepted.
  const investigating: string[] = [];
  const proposed: string[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      const c = await openCase(u);
      await walkToInvestigation(u, c.id);
      investigating.push(c.id);
      proposed.push((await openCase(u)).id);
    }),
  );

  // The load: statements and extensions on the investigations, accept → approve chains (new
  // deadlines), and new cases — all at once, 16 in flight.
  const tasks: (() => Promise<Outcome[]>)[] = [];
  investigating.forEach((caseId, i) => {
    for (let k = 0; k < 12; k++) {
      const payload = { statement: `crash statement ${i}.${k}` };
      tasks.push(async () => [
        await attempt({ what: 'event', caseId, type: 'RECORD_STATEMENT', payload }, () =>
          u.officer.send<CaseView>(caseId, 'RECORD_STATEMENT', payload),
        ),
      ]);
    }
    // Half of them are extended (the deadline is cancelled and re-armed days later).
    for (let k = 0; k < i % 2; k++) {
      const payload = { days: 1 + k, reason: `crash extension ${i}.${k}` };
      tasks.push(async () => [
        await attempt({ what: 'event', caseId, type: 'EXTEND_INVESTIGATION', payload }, () =>
          u.leader.send<CaseView>(caseId, 'EXTEND_INVESTIGATION', payload),
        ),
      ]);
    }
  });
  for (const caseId of proposed) {
    tasks.push(async () => {
      const accepted = await attempt({ what: 'event', caseId, type: 'ACCEPT', payload: {} }, () =>
        u.officer.send<CaseView>(caseId, 'ACCEPT', {}),
      );
      if (accepted.status !== 200) return [accepted];
      const approved = await attempt(
        { what: 'event', caseId, type: 'APPROVE_INVESTIGATION', payload: {} },
        () => u.leader.send<CaseView>(caseId, 'APPROVE_INVESTIGATION', {}),
      );
      return [accepted, approved];
    });
  }
  for (let k = 0; k < 40; k++) {
    const businessKey = unique('crash-open-');
    tasks.push(async () => [
      await attempt({ what: 'open', businessKey }, () =>
        u.integration.post<CaseView>('/cases', openBody({ businessKey })),
      ),
    ]);
  }
  // Shuffle deterministically so each kind of request is in flight at the crash.
  tasks.sort((a, b) => ((tasks.indexOf(a) * 7919) % 101) - ((tasks.indexOf(b) * 7919) % 101));

  const outcomes: Outcome[] = [];
  const killAfter = Math.floor(tasks.length * 0.4);
  const crashed = new Promise<void>((done) => first!.process.once('exit', () => done()));
  let next = 0;
  let finished = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      outcomes.push(...(await task()));
      if (++finished === killAfter) first!.process.kill('SIGKILL');
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  await crashed;
  expect(first.process.signalCode).toBe('SIGKILL');

  const acknowledged = outcomes.filter((o) => o.status !== null && o.status >= 200 && o.status < 300);
  const cutOff = outcomes.filter((o) => o.status === null);
  process.stdout.write(
    `[crash] ${outcomes.length} requests: ${acknowledged.length} acknowledged, ${cutOff.length} cut off by the crash, ` +
      `${outcomes.length - acknowledged.length - cutOff.length} refused\n`,
  );
  expect(acknowledged.length).toBeGreaterThan(killAfter / 2);
  expect(cutOff.length).toBeGreaterThan(0);
  // Nothing the crash interrupted turned into a server error.
  expect(outcomes.filter((o) => o.status !== null && o.status >= 500)).toEqual([]);

  // What the crash left behind.
  const pendingAtCrash = await store.query<DeadlineRow>(
    "SELECT id, case_id, status, due_at FROM deadline WHERE status = 'pending' ORDER BY id",
  );
  expect(pendingAtCrash.length).toBeGreaterThanOrEqual(investigating.length);

  second = await startTestApp(env, { store });
  const v: Users = await users(second.baseUrl);

  // Every acknowledged event is in the history, at the revision its reply named, with its payload.
  const histories = new Map<string, Awaited<ReturnType<typeof history>>>();
  const historyOf = async (caseId: string) => {
    if (!histories.has(caseId)) histories.set(caseId, await history(v.supervisor, caseId));
    return histories.get(caseId)!;
  };
  for (const o of acknowledged) {
    if (o.what === 'open') {
      const found = expectStatus(await v.officer.get<CaseView>(`/cases/${o.id}`), 200).body;
      expect(found.businessKey).toBe(o.businessKey);
      continue;
    }
    // Each event is unique by type and payload; the reply shows the case after it (and maybe after
    // concurrent ones), so its row is at or before the revision the reply named.
    const rows = (await historyOf(o.caseId!)).filter(
      (r) => r.type === o.type && JSON.stringify(r.payload) === JSON.stringify(o.payload),
    );
    expect({ event: o.type, payload: o.payload, found: rows.length }).toEqual({
      event: o.type,
      payload: o.payload,
      found: 1,
    });
    expect(rows[0].seq).toBeLessThanOrEqual(o.revision!);
  }
  // Events cut off by the crash are either in the history once or not at all.
  for (const o of cutOff.filter(
    (x) => x.what === 'event' && x.type !== 'ACCEPT' && x.type !== 'APPROVE_INVESTIGATION',
  )) {
    const rows = (await historyOf(o.caseId!)).filter(
      (r) => r.type === o.type && JSON.stringify(r.payload) === JSON.stringify(o.payload),
    );
    expect(rows.length).toBeLessThanOrEqual(1);
  }

  // Every chain verifies and every replay matches, for every case in the store.
  const all = await store.query<{ id: string }>('SELECT id FROM "case"');
  for (const { id } of all) {
    const verify = expectStatus(
      await v.supervisor.get<{ ok: boolean; replayMatches: boolean; problems: string[] }>(
        `/cases/${id}/verify`,
      ),
      200,
    ).body;
    expect({ id, ok: verify.ok, replayMatches: verify.replayMatches, problems: verify.problems }).toEqual({
      id,
      ok: true,
      replayMatches: true,
      problems: [],
    });
  }

  // No pending deadline was lost: each is still pending, or fired by the new process…
  const ids = pendingAtCrash.map((d) => d.id);
  const statusNow = async () =>
    new Map(
      (
        await store.query<DeadlineRow>(
          `SELECT id, case_id, status, due_at FROM deadline WHERE id IN (${ids.map(() => '?').join(', ')})`,
          ids,
        )
      ).map((d) => [d.id, d.status]),
    );
  const now = await statusNow();
  for (const id of ids)
    expect({ id, status: now.get(id) }).toEqual({ id, status: expect.stringMatching(/^(pending|fired)$/) });
  // …those due within the short override fire after the restart, each exactly once; the ones an
  // extension pushed out by days stay pending.
  const soon = pendingAtCrash.filter((d) => Date.parse(d.due_at) < Date.now() + 60_000);
  const later = pendingAtCrash.filter((d) => !soon.includes(d));
  expect(soon.length).toBeGreaterThan(0);
  await waitFor(
    `the ${soon.length} deadlines pending at the crash and due soon to fire`,
    async () => {
      const s = await statusNow();
      return soon.every((d) => s.get(d.id) === 'fired');
    },
    40_000,
    250,
  );
  for (const d of soon) {
    const timeouts = (await timeoutsOf(v.supervisor, d.case_id, 'investigation')).filter(
      (r) => r.at === d.due_at,
    );
    expect({ deadline: d.id, fired: timeouts.length }).toEqual({ deadline: d.id, fired: 1 });
  }
  const final = await statusNow();
  for (const d of later)
    expect({ id: d.id, status: final.get(d.id) }).toEqual({ id: d.id, status: 'pending' });
  process.stdout.write(
    `[crash] deadlines pending at the crash: ${soon.length} fired after the restart, ${later.length} still pending (extended by days)\n`,
  );

  // The engine carries on from the recovered chains.
  for (const caseId of investigating) {
    const after = await steps(v, caseId, 'RECORD_STATEMENT', 'SUBMIT_REPORT');
    expect(after.state).toBe('preliminaryOpinion');
    const verify = expectStatus(await v.supervisor.get<{ ok: boolean }>(`/cases/${caseId}/verify`), 200).body;
    expect(verify.ok).toBe(true);
  }
}, 120_000);
