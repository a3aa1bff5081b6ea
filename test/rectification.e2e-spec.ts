/*
 * The rectification follow-up (整改督办), version 2, over HTTP on the real service: items with their
 * own due dates, one of which passes (fired by the real BullMQ worker from the item's own due date,
 * no override) and issues the 督办 notice by itself; a talk, then a 倒查 opening accountability cases
 * against the unit's principal leader, the supervisory responsible person and the lapsed item's
 * person (each linked both ways, each naming a responsibility); completion, verification, closing.
 * The plan's own time limit (P15WD, shortened here by DEADLINE_OVERRIDES) is fired by the worker too.
 */
import { dropQueueKeys, queuePrefix, redisClient, timeoutsOf, waitFor } from './support/deadline-helpers';
import { expectStatus, getCase, history, unique, type CaseView, type ErrorBody } from './support/procedure';
import { Client, startTestApp, type TestApp } from './support/test-app';

const DAY_MS = 86_400_000;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

interface Item {
  id: number;
  dueAt: string;
  completedAt: string | null;
  overdueAt: string | null;
}

type ItemBody = { description: string; responsible: string; dueAt: string; responsibleRef?: string };

/** An opening naming the supervisor and each item's person (by a ref made from the name) unless `named` is false. */
function openBody(items: ItemBody[], named = true) {
  const ref = unique('unit-');
  return {
    workflow: 'rectification',
    title: `Canteen funds used for banquets ${ref}`,
    subject: { ref, kind: 'organisation', name: `Township Office ${ref}` },
    source: 'inspectionTour',
    unitLeader: { ref: unique('leader-'), name: 'Li Si 李四', post: 'Party secretary' },
    ...(named && { supervisor: { ref: unique('head-'), name: 'Zhou Lan 周兰', post: 'Discipline head' } }),
    items: named
      ? items.map((i) => ({ responsibleRef: unique(`${i.responsible.split(' ')[0]}-`), ...i }))
      : items,
  };
}

const itemsOf = (c: CaseView) => c.context.items as unknown as Item[];

describe('rectification (整改督办) end to end', () => {
  let app: TestApp;
  let integration: Client;
  let officer: Client;
  let leader: Client;
  let supervisor: Client;
  const prefix = queuePrefix('rectification');

  beforeAll(async () => {
    // The plan's limit shortened to seconds: the tests that do not wait for it submit their plans at once.
    app = await startTestApp({ QUEUE_PREFIX: prefix, DEADLINE_OVERRIDES: '{"rectificationPlan":"PT8S"}' });
    integration = await Client.as(app.baseUrl, 'rect-integration', ['integration']);
    officer = await Client.as(app.baseUrl, 'rect-officer', ['officer']);
    leader = await Client.as(app.baseUrl, 'rect-leader', ['leader']);
    supervisor = await Client.as(app.baseUrl, 'rect-supervisor', ['supervisor']);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    const redis = redisClient();
    await dropQueueKeys(redis, prefix).catch(() => undefined);
    redis.disconnect();
  });

  const send = async (as: Client, id: string, type: string, payload?: unknown) =>
    expectStatus(await as.send<CaseView>(id, type, payload), 200).body;

  it('refuses to open with an item due in the past, and says why', async () => {
    const body = openBody([
      { description: 'Repay the costs', responsible: 'Wang Wu', dueAt: inMs(30 * DAY_MS) },
      { description: 'Adopt rules', responsible: 'Zhao Liu', dueAt: inMs(-DAY_MS) },
    ]);
    const reply = await integration.post<ErrorBody>('/cases', body);
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain('dueAt must be in the future');
  });

  it('follows the items through plan, a lapse, escalation, referral and verification', async () => {
    const soon = inMs(4000);
    const later = inMs(30 * DAY_MS);
    const opened = expectStatus(
      await integration.post<CaseView>(
        '/cases',
        openBody([
          { description: 'Repay the banquet costs', responsible: 'Wang Wu', dueAt: soon },
          { description: 'Adopt canteen rules', responsible: 'Zhao Liu', dueAt: later },
          { description: 'Train the staff', responsible: 'Sun Qi', dueAt: later },
        ]),
      ),
      201,
    ).body;
    const id = opened.id;
    expect(opened.state).toBe('issued');

    // the plan: only the officer submits, only the leader approves
    expect((await leader.send(id, 'SUBMIT_PLAN', { plan: 'p' })).status).toBe(403);
    await send(officer, id, 'SUBMIT_PLAN', { plan: 'Repay now, rules and training within a month' });
    const approved = await send(leader, id, 'APPROVE_PLAN');
    expect(approved.state).toBe('rectifying');
    // the rolling limit is armed at the earliest item's own due date
    expect(approved.deadlines.filter((d) => d.status === 'pending')).toMatchObject([
      { kind: 'rectificationItem', dueAt: new Date(soon).toISOString() },
    ]);

    // unknown item: 400 beyond the schema's range, 422 (explained) beyond the case's items
    expect((await officer.send(id, 'COMPLETE_ITEM', { itemId: 99, evidenceRef: 'x' })).status).toBe(400);
    const unknown = await officer.send<ErrorBody>(id, 'COMPLETE_ITEM', { itemId: 4, evidenceRef: 'x' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.message).toContain('item 4 does not exist');

    const one = await send(officer, id, 'COMPLETE_ITEM', { itemId: 3, evidenceRef: 'TRAIN-1' });
    expect(one.state).toBe('rectifying');
    expect(itemsOf(one)[2].completedAt).not.toBeNull();

    // item 1's due date passes: the real worker fires the limit from the item's own date
    const escalated = await waitFor(
      'the item limit to fire',
      async () => {
        const c = await getCase(officer, id);
        return c.state.startsWith('escalated') && c;
      },
      30_000,
      200,
    );
    expect(escalated.state).toBe('escalated.watching');
    expect(itemsOf(escalated).map((i) => i.overdueAt !== null)).toEqual([true, false, false]);
    expect(itemsOf(escalated)[0].overdueAt).toBe(new Date(soon).toISOString());
    expect(escalated.overdue).toMatchObject([{ kind: 'rectificationItem', overdue: true }]);
    // still watching item 2
    expect(escalated.deadlines.filter((d) => d.status === 'pending')).toMatchObject([
      { kind: 'rectificationItem', dueAt: new Date(later).toISOString() },
    ]);
    expect(await timeoutsOf(supervisor, id, 'itemDue')).toHaveLength(1);

    // issue 18 fix 8: the lapse issued the 督办 notice by itself, in the timeout's own step
    expect(escalated.context.notices).toEqual([
      { noticeRef: 'auto-1', auto: true, at: new Date(soon).toISOString(), actor: 'system:deadline' },
    ]);
    // ESCALATE needs a talk too, and says so, naming the rule
    const early = await leader.send<ErrorBody>(id, 'ESCALATE', { reason: 'r' });
    expect(early.status).toBe(422);
    expect(early.body.message).toContain('RECORD_TALK');
    expect(early.body.details).toMatchObject({ rule: { id: 'noticeAndTalkBeforeReferral' } });
    await send(leader, id, 'RECORD_TALK', { summary: 'Talked with the party secretary' });
    const referred = await send(leader, id, 'ESCALATE', { reason: 'Repayment still missing' });
    expect(referred.state).toBe('escalated.watching');
    // issue 18 fix 1: the principal, the supervisor and the person of the lapsed item, each a case
    expect(referred.links).toHaveLength(3);
    const people = opened.context as {
      unitLeader: { ref: string };
      supervisor: { ref: string };
      items: { responsibleRef: string }[];
    };
    const expected = [
      [people.unitLeader.ref, 'Li Si 李四', 'mainLeadership'],
      [people.supervisor.ref, 'Zhou Lan 周兰', 'mainLeadership'],
      [people.items[0].responsibleRef, 'Wang Wu', 'direct'],
    ];
    const reached: string[][] = [];
    for (const link of referred.links) {
      expect(link).toMatchObject({
        direction: 'opened',
        relation: 'rectificationOverdue',
        state: 'proposed',
      });
      const acc = await getCase(officer, link.caseId);
      expect(acc).toMatchObject({ workflow: 'accountability', state: 'proposed' });
      expect(acc.subject).toMatchObject({ kind: 'individual' });
      expect(acc.context).toMatchObject({
        source: 'inspectionTour',
        linkedFrom: { caseId: id, relation: 'rectificationOverdue' },
      });
      // the facts in the deployment's language (Chinese by default), the due time in Beijing time
      expect(String(acc.context.facts)).toMatch(
        /第1项“Repay the banquet costs”（责任人：[^）]+）应于\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）前完成/,
      );
      expect(acc.links).toMatchObject([
        { caseId: id, direction: 'openedBy', relation: 'rectificationOverdue' },
      ]);
      reached.push([acc.subject.ref, acc.subject.name, String(acc.context.responsibility)]);
    }
    expect(reached.sort()).toEqual(expected.sort());

    // both histories: the escalation and the opening, in one commit
    const escalation = (await history(supervisor, id)).at(-1)!;
    expect(escalation).toMatchObject({ type: 'ESCALATE' });
    for (const l of referred.links) {
      expect(await history(supervisor, l.caseId)).toMatchObject([{ type: 'OPEN', at: escalation.at }]);
    }

    // a second referral is refused
    expect((await leader.send(id, 'ESCALATE', { reason: 'again' })).status).toBe(422);

    // the remaining items: the last one goes to verification; the overdue flag is settled
    await send(officer, id, 'COMPLETE_ITEM', { itemId: 2, evidenceRef: 'RULES-1' });
    const verifying = await send(officer, id, 'COMPLETE_ITEM', { itemId: 1, evidenceRef: 'REPAY-1' });
    expect(verifying.state).toBe('verifying');
    expect(verifying.overdue).toEqual([]);
    expect(itemsOf(verifying)[0].overdueAt).not.toBeNull(); // it was done late

    // a failed verification naming an unknown item is refused; a passed one closes the case
    const bad = await leader.send<ErrorBody>(id, 'VERIFY', {
      passed: false,
      items: [{ itemId: 7, newDueAt: inMs(DAY_MS) }],
    });
    expect(bad.status).toBe(422);
    const closed = await send(leader, id, 'VERIFY', { passed: true });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'rectified' });

    for (const c of [id, ...referred.links.map((l) => l.caseId)]) {
      expect(expectStatus(await supervisor.get(`/cases/${c}/verify`), 200).body).toMatchObject({ ok: true });
    }
  }, 60_000);

  it('a failed verification reopens items with new due dates, refusing a past one', async () => {
    const later = inMs(30 * DAY_MS);
    const c = expectStatus(
      await officer.post<CaseView>(
        '/cases',
        openBody([{ description: 'Repay', responsible: 'Wang Wu', dueAt: later }]),
      ),
      201,
    ).body;
    await send(officer, c.id, 'SUBMIT_PLAN', { plan: 'p' });
    const returned = await send(leader, c.id, 'RETURN_PLAN', { reason: 'no dates' });
    expect(returned.state).toBe('issued');
    await send(officer, c.id, 'SUBMIT_PLAN', { plan: 'p2' });
    await send(leader, c.id, 'APPROVE_PLAN');
    await send(officer, c.id, 'COMPLETE_ITEM', { itemId: 1, evidenceRef: 'E' });
    const past = await leader.send(c.id, 'VERIFY', {
      passed: false,
      items: [{ itemId: 1, newDueAt: inMs(-DAY_MS) }],
    });
    expect(past.status).toBe(400);
    const newDue = inMs(60 * DAY_MS);
    const back = await send(leader, c.id, 'VERIFY', {
      passed: false,
      items: [{ itemId: 1, newDueAt: newDue }],
    });
    expect(back.state).toBe('rectifying');
    expect(itemsOf(back)[0]).toMatchObject({ dueAt: newDue, completedAt: null });
    expect(back.deadlines.filter((d) => d.status === 'pending')).toMatchObject([{ dueAt: newDue }]);
  });

  it('items lapsing one after another stay overdue each, until each is done', async () => {
    const c = expectStatus(
      await officer.post<CaseView>(
        '/cases',
        openBody([
          { description: 'First', responsible: 'Wang Wu', dueAt: inMs(3000) },
          { description: 'Second', responsible: 'Zhao Liu', dueAt: inMs(5000) },
          { description: 'Third', responsible: 'Sun Qi', dueAt: inMs(30 * DAY_MS) },
        ]),
      ),
      201,
    ).body;
    await send(officer, c.id, 'SUBMIT_PLAN', { plan: 'p' });
    await send(leader, c.id, 'APPROVE_PLAN');
    const both = await waitFor(
      'both near items to lapse',
      async () => {
        const now = await getCase(officer, c.id);
        return itemsOf(now).filter((i) => i.overdueAt !== null).length === 2 && now;
      },
      30_000,
      200,
    );
    // The limit re-armed for the third item after the second lapsed: both lapses are still overdue.
    expect(both.state).toBe('escalated.watching');
    expect(both.overdue.map((d) => d.kind)).toEqual(['rectificationItem', 'rectificationItem']);
    // Item 2 done: item 1 is still lapsed and open, so the case stays escalated and overdue (the
    // limit's rows are one per firing: both stay listed while the case is escalated).
    const second = await send(officer, c.id, 'COMPLETE_ITEM', { itemId: 2, evidenceRef: 'E2' });
    expect(second.state).toBe('escalated.watching');
    expect(second.overdue).toHaveLength(2);
    // Item 1 done too: no lapsed item is open; the third, not yet due, is watched again.
    const first = await send(officer, c.id, 'COMPLETE_ITEM', { itemId: 1, evidenceRef: 'E1' });
    expect(first.state).toBe('rectifying');
    expect(first.overdue).toEqual([]);
    expect(first.deadlines.filter((d) => d.status === 'pending')).toMatchObject([
      { kind: 'rectificationItem', dueAt: itemsOf(first)[2].dueAt },
    ]);
  }, 60_000);

  it("issue 18 fix 1: the plan names the supervisor and the items' persons the opening did not, or is refused", async () => {
    const c = expectStatus(
      await integration.post<CaseView>(
        '/cases',
        openBody([{ description: 'Repay', responsible: 'Wang Wu', dueAt: inMs(30 * DAY_MS) }], false),
      ),
      201,
    ).body;
    const bare = await officer.send<ErrorBody>(c.id, 'SUBMIT_PLAN', { plan: 'p' });
    expect(bare.status).toBe(422);
    expect(bare.body.message).toContain('supervisory responsible person');
    expect(bare.body.details).toMatchObject({ rule: { id: 'planNamesResponsible' } });
    const plan = {
      plan: 'Repay within a month',
      supervisor: { ref: unique('head-'), name: 'Zhou Lan 周兰' },
      owners: [{ itemId: 1, ref: unique('wang-'), name: 'Wang Wu 王五', post: 'Canteen manager' }],
    };
    const planned = await send(officer, c.id, 'SUBMIT_PLAN', plan);
    expect(planned.context.supervisor).toEqual(plan.supervisor);
    expect(itemsOf(planned)[0]).toMatchObject({
      responsible: 'Wang Wu 王五',
      responsibleRef: plan.owners[0].ref,
      responsiblePost: 'Canteen manager',
    });
  });

  it('issue 18 fix 8: a plan not submitted within its time limit flags the case overdue until it comes', async () => {
    const c = expectStatus(
      await officer.post<CaseView>(
        '/cases',
        openBody([{ description: 'Repay', responsible: 'Wang Wu', dueAt: inMs(30 * DAY_MS) }]),
      ),
      201,
    ).body;
    expect(c.deadlines.filter((d) => d.status === 'pending')).toMatchObject([{ kind: 'rectificationPlan' }]);
    const late = await waitFor(
      'the plan limit to fire',
      async () => {
        const now = await getCase(officer, c.id);
        return now.state === 'planOverdue' && now;
      },
      30_000,
      200,
    );
    expect(late.overdue).toMatchObject([{ kind: 'rectificationPlan', overdue: true }]);
    expect(late.context.planLapsedAt).toBe(late.overdue[0].dueAt);
    const listed = expectStatus(
      await supervisor.get<{ items: { id: string }[] }>(
        '/cases?workflow=rectification&overdue=true&limit=100',
      ),
      200,
    ).body;
    expect(listed.items.map((x) => x.id)).toContain(c.id);
    const planned = await send(officer, c.id, 'SUBMIT_PLAN', { plan: 'late, but here' });
    expect(planned.state).toBe('planSubmitted');
    expect(planned.overdue).toEqual([]);
  }, 60_000);
});
