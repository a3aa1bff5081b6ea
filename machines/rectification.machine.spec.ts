import { getAdjacencyMap, getStateNodes } from '@xstate/graph';
import { transitionCoverage } from './model-coverage';
import { initialTransition, transition, type AnyStateNode } from 'xstate';
import { nextItemDue, rectificationMachine as machine } from './rectification.machine';
import type { RectificationEvent } from './rectification.types';
import {
  complete,
  day,
  ev,
  EVENT_TYPES,
  INPUT,
  rectifying,
  RECTIFYING_ID,
  send,
  start,
  timeout,
  WATCHING_ID,
  type Snap,
} from './rectification.fixtures';

const state = (s: Snap) => JSON.stringify(s.value);
const accepts = (s: Snap, e: RectificationEvent) => s.can(e);
const flags = (s: Snap) => s.context.items.map((i) => i.overdueAt);

/** The itemDue limits a transition arms (xstate.raise with a delay) and cancels, by send id. */
function limits(s: Snap, e: RectificationEvent) {
  const actions = transition(machine, s, e)[1] as { type: string; params?: Record<string, unknown> }[];
  return {
    armed: actions
      .filter((a) => a.type === 'xstate.raise' && a.params?.delay !== undefined)
      .map((a) => String(a.params?.id)),
    cancelled: actions.filter((a) => a.type === 'xstate.cancel').map((a) => String(a.params?.sendId)),
  };
}

describe('rectification machine: the plan', () => {
  it('a submitted plan is approved, or returned and submitted again', () => {
    const submitted = send(start(), ev('SUBMIT_PLAN'));
    expect(state(submitted)).toBe('"planSubmitted"');
    const returned = send(submitted, ev('RETURN_PLAN'));
    expect(state(returned)).toBe('"issued"');
    expect(returned.context.planReturns).toMatchObject([{ reason: 'no dates in the plan' }]);
    const approved = send(returned, ev('SUBMIT_PLAN'), ev('APPROVE_PLAN', {}, day(2), 'lee'));
    expect(state(approved)).toBe('"rectifying"');
    expect(approved.context.plans).toHaveLength(2);
    expect(approved.context.planApproved).toEqual({ at: day(2), actor: 'lee' });
  });

  it('items are numbered 1..n, open and unflagged', () => {
    expect(start().context.items.map((i) => [i.id, i.completedAt, i.overdueAt])).toEqual([
      [1, null, null],
      [2, null, null],
      [3, null, null],
    ]);
  });

  it('approving the plan arms the rolling item limit at the earliest due date', () => {
    const submitted = send(start(), ev('SUBMIT_PLAN'));
    expect(limits(submitted, ev('APPROVE_PLAN')).armed).toEqual([`xstate.after.itemDue.${RECTIFYING_ID}`]);
    expect(nextItemDue(rectifying().context)).toBe(day(10));
  });
});

describe('rectification machine: per-item limits and the re-arming', () => {
  it('completing an item re-enters rectifying: the limit is re-armed at the next open item', () => {
    const s = rectifying();
    expect(limits(s, complete(1))).toEqual({
      armed: [`xstate.after.itemDue.${RECTIFYING_ID}`],
      cancelled: [`xstate.after.itemDue.${RECTIFYING_ID}`],
    });
    const after = send(s, complete(1, day(5)));
    expect(state(after)).toBe('"rectifying"');
    expect(after.context.items[0]).toMatchObject({ completedAt: day(5), evidenceRef: 'EV-1' });
    expect(nextItemDue(after.context)).toBe(day(20));
    // completing a later item first keeps the earliest one watched
    expect(nextItemDue(send(s, complete(3)).context)).toBe(day(10));
  });

  it('the firing flags each item that is due, only those, and escalates', () => {
    const s = send(rectifying(), complete(1, day(5)));
    const fired = send(s, timeout(RECTIFYING_ID, day(20)));
    expect(state(fired)).toBe('{"escalated":"watching"}');
    expect(flags(fired)).toEqual([null, day(20), null]);
    expect(fired.context.lapses).toEqual([{ at: day(20), itemIds: [2] }]);
    // in escalated the limit keeps watching the items not yet flagged
    expect(nextItemDue(fired.context)).toBe(day(30));
  });

  it('items falling due together are flagged by one firing', () => {
    const input = { ...INPUT, items: INPUT.items.map((i) => ({ ...i, dueAt: day(10) })) };
    const fired = send(rectifying(input), timeout(RECTIFYING_ID, day(10)));
    expect(flags(fired)).toEqual([day(10), day(10), day(10)]);
    expect(state(fired)).toBe('{"escalated":"allFlagged"}');
    // nothing left to watch: escalated.allFlagged arms no limit
    expect(limits(rectifying(input), timeout(RECTIFYING_ID, day(10))).armed).toEqual([]);
  });

  it('in escalated, the next item falling due is flagged by the same rolling limit', () => {
    const escalated = send(rectifying(), timeout(RECTIFYING_ID, day(10)));
    expect(limits(escalated, timeout(WATCHING_ID, day(20))).armed).toEqual([
      `xstate.after.itemDue.${WATCHING_ID}`,
    ]);
    const again = send(escalated, timeout(WATCHING_ID, day(20)));
    expect(state(again)).toBe('{"escalated":"watching"}');
    expect(flags(again)).toEqual([day(10), day(20), null]);
    const last = send(again, timeout(WATCHING_ID, day(30)));
    expect(state(last)).toBe('{"escalated":"allFlagged"}');
    expect(flags(last)).toEqual([day(10), day(20), day(30)]);
  });

  it('a timeout before any item is due flags nothing and re-arms (the engine never sends one early)', () => {
    const s = rectifying();
    const early = send(s, timeout(RECTIFYING_ID, day(5)));
    expect(state(early)).toBe('"rectifying"');
    expect(flags(early)).toEqual([null, null, null]);
  });

  it('completing items in escalated re-arms at the next watched item, and the last one goes to verifying', () => {
    const escalated = send(rectifying(), timeout(RECTIFYING_ID, day(10)));
    const one = send(escalated, complete(2, day(12)));
    expect(state(one)).toBe('{"escalated":"watching"}');
    expect(nextItemDue(one.context)).toBe(day(30));
    const two = send(one, complete(3, day(13)));
    // only item 1 (flagged) is open: nothing left to watch
    expect(state(two)).toBe('{"escalated":"allFlagged"}');
    const done = send(two, complete(1, day(14)));
    expect(state(done)).toBe('"verifying"');
    expect(done.context.items.map((i) => i.completedAt)).toEqual([day(14), day(12), day(13)]);
    // the item keeps its flag: it was done late
    expect(done.context.items[0].overdueAt).toBe(day(10));
  });

  it('once every lapsed item is done while others are open, the case is back to rectifying', () => {
    const escalated = send(rectifying(), timeout(RECTIFYING_ID, day(10)));
    const [back, actions] = transition(machine, escalated, complete(1, day(12)));
    expect(state(back)).toBe('"rectifying"');
    // the limit watches the next open item again
    expect(actions).toContainEqual(
      expect.objectContaining({
        params: expect.objectContaining({ id: `xstate.after.itemDue.${RECTIFYING_ID}` }),
      }),
    );
    expect(nextItemDue(back.context)).toBe(day(20));
    expect(back.context.items[0]).toMatchObject({ completedAt: day(12), overdueAt: day(10) });
  });

  it('refuses an unknown item or one already completed, and explains it', () => {
    const s = send(rectifying(), complete(1));
    expect(accepts(s, complete(1))).toBe(false);
    expect(accepts(s, complete(4))).toBe(false);
    expect(accepts(s, complete(2))).toBe(true);
  });
});

describe('rectification machine: escalation', () => {
  const escalated = () => send(rectifying(), timeout(RECTIFYING_ID, day(10)));

  it('ESCALATE needs a notice and a talk; it is recorded once', () => {
    const s = escalated();
    expect(accepts(s, ev('ESCALATE'))).toBe(false);
    expect(accepts(send(s, ev('RECORD_NOTICE')), ev('ESCALATE'))).toBe(false);
    expect(accepts(send(s, ev('RECORD_TALK')), ev('ESCALATE'))).toBe(false);
    const heard = send(s, ev('RECORD_NOTICE'), ev('RECORD_TALK', undefined, day(11), 'lee'));
    const referred = send(heard, ev('ESCALATE', undefined, day(12), 'lee'));
    expect(state(referred)).toBe('{"escalated":"watching"}');
    expect(referred.context.referral).toEqual({ reason: SAMPLE_REASON, at: day(12), actor: 'lee' });
    expect(accepts(referred, ev('ESCALATE'))).toBe(false);
    // the engine's probe is let through: ESCALATE is offered, and a refusal explained
    expect(s.can({ ...ev('ESCALATE'), probe: true } as RectificationEvent)).toBe(true);
  });

  it('the limit is not re-armed by a notice, a talk or the referral', () => {
    const s = escalated();
    for (const e of [ev('RECORD_NOTICE'), ev('RECORD_TALK')]) expect(limits(s, e).armed).toEqual([]);
  });
});

const SAMPLE_REASON = 'Items still not done after notice and talk';

describe('rectification machine: verification', () => {
  const verifying = () => send(rectifying(), complete(1), complete(2), complete(3));

  it('passed closes the case as rectified', () => {
    const closed = send(verifying(), ev('VERIFY', { passed: true }, day(40)));
    expect(closed.status).toBe('done');
    expect(closed.context).toMatchObject({ outcome: 'rectified', closedAt: day(40) });
  });

  it('failed reopens the named items with their new due dates and re-arms the limit', () => {
    const s = verifying();
    const failed = ev(
      'VERIFY',
      { passed: false, items: [{ itemId: 2, newDueAt: day(60) }], notes: 'n' },
      day(40),
    );
    expect(limits(s, failed).armed).toEqual([`xstate.after.itemDue.${RECTIFYING_ID}`]);
    const back = send(s, failed);
    expect(state(back)).toBe('"rectifying"');
    expect(back.context.items[1]).toMatchObject({
      dueAt: day(60),
      earlierDueAts: [day(20)],
      completedAt: null,
      evidenceRef: null,
      overdueAt: null,
    });
    expect(nextItemDue(back.context)).toBe(day(60));
    expect(back.context.verifications).toMatchObject([{ passed: false, notes: 'n' }]);
  });

  it.each([
    ['failed without items', { passed: false }],
    ['failed with an unknown item', { passed: false, items: [{ itemId: 9, newDueAt: day(60) }] }],
    ['failed with a past due date', { passed: false, items: [{ itemId: 1, newDueAt: day(39) }] }],
    [
      'failed naming an item twice',
      {
        passed: false,
        items: [
          { itemId: 1, newDueAt: day(60) },
          { itemId: 1, newDueAt: day(70) },
        ],
      },
    ],
    ['passed with items', { passed: true, items: [{ itemId: 1, newDueAt: day(60) }] }],
  ])('refuses VERIFY %s', (_name, payload) => {
    expect(accepts(verifying(), ev('VERIFY', payload, day(40)))).toBe(false);
  });
});

describe('rectification machine: model-based coverage', () => {
  /** What the engine would send in a state: every event with sample payloads, and the limit's timeouts. */
  function eventsFor(s: Snap): RectificationEvent[] {
    const at = day(35);
    const due = nextItemDue(s.context);
    const delayed =
      s.matches('rectifying') || s.matches({ escalated: 'watching' })
        ? [RECTIFYING_ID, WATCHING_ID].flatMap((id) => [
            ...(due ? [timeout(id, due)] : []),
            timeout(id, day(0)), // early: nothing due
          ])
        : [];
    const plan = s.matches('issued')
      ? [
          {
            type: 'xstate.after.planDue.rectification.issued',
            payload: {},
            at: day(21),
            actor: 'system:deadline',
          } as const,
        ]
      : [];
    return [
      ...plan,
      ...EVENT_TYPES.filter((t) => !['COMPLETE_ITEM', 'VERIFY'].includes(t)).map((t) => ev(t, undefined, at)),
      ...[1, 2, 3, 4].map((id) => complete(id, at)),
      ev('VERIFY', { passed: true }, at),
      ev('VERIFY', { passed: false, items: [{ itemId: 2, newDueAt: day(100) }] }, at),
      ev('VERIFY', { passed: false }, at),
      ...delayed,
    ];
  }
  // Context reduced to what guards and the due date read, so the graph stays finite.
  const serializeState = (s: Snap) =>
    JSON.stringify({
      value: s.value,
      items: s.context.items.map((i) => [i.dueAt, i.completedAt !== null, i.overdueAt !== null]),
      notice: s.context.notices.length > 0,
      talk: s.context.talks.length > 0,
      referral: s.context.referral !== null,
      planLapsed: Boolean(s.context.planLapsedAt),
      outcome: s.context.outcome,
    });
  const adjacency = getAdjacencyMap(machine, { input: INPUT, events: eventsFor, serializeState });
  const snapshots: Snap[] = Object.values(adjacency).map((v) => v.state);

  it('reaches every state node', () => {
    const reached = new Set(snapshots.flatMap((s) => [...s._nodes].map((n: AnyStateNode) => n.id)));
    const all = getStateNodes(machine).map((n: AnyStateNode) => n.id);
    expect(all.filter((id: string) => !reached.has(id))).toEqual([]);
  });

  it('takes every transition', () => {
    const { all, missed } = transitionCoverage(machine, adjacency);
    expect(missed).toEqual([]);
    expect(all.length).toBeGreaterThan(15);
  });

  it('every open item is flagged exactly when a firing found it due', () => {
    for (const s of snapshots) {
      for (const item of s.context.items) {
        if (item.overdueAt !== null)
          expect(Date.parse(item.dueAt)).toBeLessThanOrEqual(Date.parse(item.overdueAt));
      }
      // a firing that finds nothing due records no lapse
      expect(s.context.lapses.every((l) => l.itemIds.length > 0)).toBe(true);
      // in rectifying nothing is flagged; escalated.watching always has something to watch
      if (s.matches('rectifying'))
        expect(s.context.items.every((i) => i.overdueAt === null || i.completedAt)).toBe(true);
      if (s.matches({ escalated: 'watching' })) expect(nextItemDue(s.context)).not.toBeNull();
      if (s.matches({ escalated: 'allFlagged' })) expect(nextItemDue(s.context)).toBeNull();
    }
  });

  it('reaches the outcome', () => {
    expect(snapshots.some((s) => s.context.outcome === 'rectified')).toBe(true);
  });
});

describe('rectification machine, version 2: issue 18 fixes 1 and 8', () => {
  const planDue = (at: string) =>
    ({
      type: 'xstate.after.planDue.rectification.issued',
      payload: {},
      at,
      actor: 'system:deadline',
    }) as const;
  const unnamed = { ...INPUT, supervisor: null, items: INPUT.items.map(({ responsibleRef: _, ...i }) => i) };

  it('fix 8: the plan has a time limit from the opening; once it passes the case waits, late, for the plan', () => {
    const [, opening] = initialTransition(machine, INPUT);
    expect(opening).toContainEqual(
      expect.objectContaining({
        type: 'xstate.raise',
        params: expect.objectContaining({ id: 'xstate.after.planDue.rectification.issued' }),
      }),
    );
    // submitting the plan leaves the state that armed the limit: it is cancelled
    expect(limits(start(), ev('SUBMIT_PLAN')).cancelled).toEqual([
      'xstate.after.planDue.rectification.issued',
    ]);
    const late = send(start(), planDue(day(21)));
    expect(state(late)).toBe('"planOverdue"');
    expect(late.context.planLapsedAt).toBe(day(21));
    // a plan returned after the limit passed goes back to waiting late, not to a fresh limit
    const returned = send(late, ev('SUBMIT_PLAN'), ev('RETURN_PLAN'));
    expect(state(returned)).toBe('"planOverdue"');
    expect(state(send(returned, ev('SUBMIT_PLAN'), ev('APPROVE_PLAN')))).toBe('"rectifying"');
  });

  it('fix 8: a lapse issues the 督办 notice by itself when the case opened under that policy', () => {
    const auto = send(rectifying({ ...INPUT, autoNotice: true }), timeout(RECTIFYING_ID, day(10)));
    expect(auto.context.notices).toEqual([
      { noticeRef: 'auto-1', auto: true, at: day(10), actor: 'system:deadline' },
    ]);
    const byHand = send(rectifying(), timeout(RECTIFYING_ID, day(10)));
    expect(byHand.context.notices).toEqual([]);
  });

  it('fix 1: the plan must name the supervisor and each item person the opening did not', () => {
    const s = start(unnamed);
    expect(accepts(s, ev('SUBMIT_PLAN', { plan: 'p' }))).toBe(false);
    const owners = [1, 2, 3].map((itemId) => ({ itemId, ref: `o-${itemId}`, name: `Owner ${itemId}` }));
    const supervisor = { ref: 's-9', name: 'Zhou Lan' };
    expect(accepts(s, ev('SUBMIT_PLAN', { plan: 'p', owners }))).toBe(false);
    expect(accepts(s, ev('SUBMIT_PLAN', { plan: 'p', supervisor, owners: [...owners, owners[0]] }))).toBe(
      false,
    );
    const planned = send(s, ev('SUBMIT_PLAN', { plan: 'p', supervisor, owners }));
    expect(planned.context.supervisor).toEqual(supervisor);
    expect(planned.context.items.map((i) => [i.responsibleRef, i.responsible])).toEqual([
      ['o-1', 'Owner 1'],
      ['o-2', 'Owner 2'],
      ['o-3', 'Owner 3'],
    ]);
  });

  it('fix 1: a 倒查 reaches the principal, the supervisor and each lapsed item person, each with a responsibility', () => {
    const lapsed = send(rectifying(), timeout(RECTIFYING_ID, day(20)));
    const referred = send(
      lapsed,
      ev('RECORD_NOTICE'),
      ev('RECORD_TALK'),
      ev('ESCALATE', { reason: 'r' }, day(22)),
    );
    const [referral] = referred.context.referrals!;
    expect(referral).toMatchObject({ itemIds: [1, 2], notices: 1, talks: 1, at: day(22) });
    expect(referral.persons).toEqual([
      {
        ref: 'p-77',
        name: 'Li Si',
        post: 'Party secretary',
        sides: ['principal'],
        responsibility: 'mainLeadership',
        itemIds: [],
      },
      {
        ref: 's-77',
        name: 'Zhou Lan',
        post: 'Discipline inspection head',
        sides: ['supervisor'],
        responsibility: 'mainLeadership',
        itemIds: [],
      },
      { ref: 'o-1', name: 'Wang Wu', sides: ['itemOwner'], responsibility: 'direct', itemIds: [1] },
      { ref: 'o-2', name: 'Zhao Liu', sides: ['itemOwner'], responsibility: 'direct', itemIds: [2] },
    ]);
    // item 3 lapses later: a new notice and a new talk, then a second 倒查 about item 3 only
    const again = send(referred, timeout(WATCHING_ID, day(30)));
    expect(accepts(again, ev('ESCALATE'))).toBe(false);
    const second = send(
      again,
      ev('RECORD_NOTICE'),
      ev('RECORD_TALK'),
      ev('ESCALATE', { reason: 'r2' }, day(32)),
    );
    expect(second.context.referrals![1]).toMatchObject({ itemIds: [3] });
    expect(second.context.referrals![1].persons.map((p) => p.ref)).toEqual(['p-77', 's-77', 'o-3']);
  });
});
