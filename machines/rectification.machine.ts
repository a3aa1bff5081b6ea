/*
 * Rectification follow-up (整改督办): findings handed to a unit as items, each with its own due date.
 *
 * Version 2 (version 1 is frozen in machines/v1/). The plan has its own time limit (`planDue`,
 * from the opening): when it passes the case waits in planOverdue, flagged, for the plan. The plan
 * names whom the 倒查 would reach: the supervisory responsible person and each item's person, where
 * the opening did not. A lapse of items issues the 督办 notice by itself (when the deployment's
 * policy says so, recorded in the case at opening), and ESCALATE opens a case against the principal,
 * the supervisor and the person of every lapsed item not yet referred.
 *
 *   issued --SUBMIT_PLAN--> planSubmitted --APPROVE_PLAN--> rectifying --(all items complete)--> verifying
 *     ^                          |                              |   ^                              |
 *     +--------RETURN_PLAN-------+            (itemDue fires:   |   +--VERIFY {passed:false}-------+
 *                                              flag the items)  v                                  |
 *                                       escalated.{watching|allFlagged} --(all complete)--> verifying
 *                                       RECORD_NOTICE, RECORD_TALK, ESCALATE (opens accountability)
 *                                                                                VERIFY {passed:true} --> closed
 *
 * Per-item time limits. The number of items is open and XState has no dynamic timers, while the
 * engine books one deadline row per armed `after` delay. So one rolling delay, `itemDue`, watches
 * them all: the workflow's DeadlinePolicy.due() puts it at the earliest due date among the items
 * that are still open and not yet flagged overdue (see `nextItemDue`). Every change of that set
 * re-arms it: COMPLETE_ITEM re-enters the state (reenter: true), a failed VERIFY enters rectifying
 * again, and the firing itself re-enters escalated. When it fires (`at` = that due date), every
 * open item with dueAt <= at gets its own flag (`items[i].overdueAt`), and the case moves to (or
 * stays in) escalated. In escalated the delay keeps watching the items not yet flagged
 * (escalated.watching); when every open item is flagged there is nothing left to watch and the
 * case rests in escalated.allFlagged, which arms no limit, until the items are completed.
 *
 * The limit runs from the approval of the plan: a due date that passes before it is caught when the
 * plan is approved (the limit is then already due and fires at once).
 */
import { and, assign, setup } from 'xstate';
import { payloadReader, stamp } from './machine-events';
import type {
  Item,
  Naming,
  Payloads,
  Person,
  RectificationContext,
  RectificationEvent,
  RectificationInput,
  Referral,
  ReferralResponsibility,
  ReferralSide,
  Referred,
  ReopenedItem,
} from './rectification.types';

export type { RectificationContext, RectificationEvent, RectificationInput } from './rectification.types';

type Ctx = RectificationContext;
type Ev = RectificationEvent;

export const RECTIFICATION_WORKFLOW = 'rectification';

const payloadOf = payloadReader<Payloads>();

const isProbe = (event: Ev) => 'probe' in event && event.probe === true;
const time = (iso: string) => Date.parse(iso);

export const openItems = (ctx: Ctx): Item[] => ctx.items.filter((i) => i.completedAt === null);

/** Open items the rolling limit still watches: not yet flagged overdue. */
export const watchedItems = (ctx: Ctx): Item[] => openItems(ctx).filter((i) => i.overdueAt === null);

/** When the rolling item limit falls due: the earliest due date among the watched items. */
export function nextItemDue(ctx: Ctx): string | null {
  const watched = watchedItems(ctx);
  if (!watched.length) return null;
  return watched.reduce((a, b) => (time(b.dueAt) < time(a.dueAt) ? b : a)).dueAt;
}

/** Watched items whose due date has come by `at`: what a firing of the limit flags. */
export const itemsDueBy = (ctx: Ctx, at: string): Item[] =>
  watchedItems(ctx).filter((i) => time(i.dueAt) <= time(at));

/** Why COMPLETE_ITEM may not complete this item, or null when it may. */
export function completeRefusal(ctx: Ctx, itemId: number): string | null {
  const item = ctx.items.find((i) => i.id === itemId);
  if (!item) return `item ${itemId} does not exist: this case has items 1 to ${ctx.items.length}`;
  if (item.completedAt !== null) return `item ${itemId} was already completed at ${item.completedAt}`;
  return null;
}

/** Why a VERIFY payload is refused at `at`, or null when it is accepted. */
export function verifyRefusal(ctx: Ctx, payload: Payloads['VERIFY'], at: string): string | null {
  const items = payload.items ?? [];
  if (payload.passed) {
    return items.length ? 'a passed verification reopens no items: send items only with passed: false' : null;
  }
  if (!items.length) return 'a failed verification must name the items to reopen, each with a new due date';
  const seen = new Set<number>();
  for (const { itemId, newDueAt } of items) {
    if (!ctx.items.some((i) => i.id === itemId)) {
      return `item ${itemId} does not exist: this case has items 1 to ${ctx.items.length}`;
    }
    if (seen.has(itemId)) return `item ${itemId} is named twice`;
    seen.add(itemId);
    if (time(newDueAt) <= time(at))
      return `the new due date of item ${itemId} (${newDueAt}) is not in the future`;
  }
  return null;
}

/** The responsibility each side of a 倒查 bears (2019 条例 Art 6); see REFERRAL_SIDES. */
export const SIDE_RESPONSIBILITY: Record<ReferralSide, ReferralResponsibility> = {
  principal: 'mainLeadership',
  // The discipline head is the member in charge of supervision: main leadership for what they oversee.
  supervisor: 'mainLeadership',
  itemOwner: 'direct',
};

/** Items a 倒查 already covered (version 1's single referral covered the items lapsed by then). */
export function referredItemIds(ctx: Ctx): Set<number> {
  const referrals = ctx.referrals ?? [];
  if (!referrals.length && ctx.referral) {
    const by = time(ctx.referral.at);
    return new Set(ctx.items.filter((i) => i.overdueAt !== null && time(i.overdueAt) <= by).map((i) => i.id));
  }
  return new Set(referrals.flatMap((r) => r.itemIds));
}

/** Lapsed items still open that no 倒查 has covered: what the next ESCALATE is about. */
export const unreferredLapses = (ctx: Ctx): Item[] => {
  const covered = referredItemIds(ctx);
  return openItems(ctx).filter((i) => i.overdueAt !== null && !covered.has(i.id));
};

/** Why the names a SUBMIT_PLAN or ESCALATE carries cannot be taken, or null. */
function namingProblem(ctx: Ctx, naming: Naming): string | null {
  const seen = new Set<number>();
  for (const { itemId } of naming.owners ?? []) {
    if (!ctx.items.some((i) => i.id === itemId)) {
      return `item ${itemId} does not exist: this case has items 1 to ${ctx.items.length}`;
    }
    if (seen.has(itemId)) return `item ${itemId} is named twice`;
    seen.add(itemId);
  }
  return null;
}

/** The case with the names a SUBMIT_PLAN or ESCALATE carries taken in. */
export function named(ctx: Ctx, naming: Naming): Ctx {
  const owners = naming.owners ?? [];
  return {
    ...ctx,
    supervisor: naming.supervisor ?? ctx.supervisor ?? null,
    items: ctx.items.map((item) => {
      const owner = owners.find((o) => o.itemId === item.id);
      if (!owner) return item;
      const { ref, name, post } = owner;
      return { ...item, responsible: name, responsibleRef: ref, ...(post && { responsiblePost: post }) };
    }),
  };
}

/** Who is still unnamed among the persons a 倒查 about `items` would reach, in words; null when none. */
function unnamed(ctx: Ctx, items: Item[]): string | null {
  const missing = [
    !ctx.supervisor && 'the supervisory responsible person (supervisor)',
    ...items.filter((i) => !i.responsibleRef).map((i) => `the person responsible for item ${i.id} (owners)`),
  ].filter(Boolean);
  return missing.length ? `name ${missing.join(', ')}` : null;
}

/** Why SUBMIT_PLAN is refused: the plan must leave every person a 倒查 could reach named. */
export function planRefusal(ctx: Ctx, payload: Payloads['SUBMIT_PLAN']): string | null {
  const problem = namingProblem(ctx, payload);
  if (problem) return problem;
  const after = named(ctx, payload);
  const missing = unnamed(after, after.items);
  return missing ? `the plan must ${missing}: a 倒查 reaches each of them` : null;
}

/** Why ESCALATE is refused, or null when it is accepted. */
export function escalateRefusal(ctx: Ctx, payload: Payloads['ESCALATE'] | null = null): string | null {
  const lapses = unreferredLapses(ctx);
  if (!lapses.length) {
    return ctx.referral
      ? `every lapsed item was already referred for accountability (last at ${lastReferralAt(ctx)})`
      : 'no lapsed item is open: there is nothing to refer';
  }
  const since = lastReferralCounts(ctx);
  const missing = [
    ctx.notices.length <= since.notices && 'a 督办 notice (RECORD_NOTICE)',
    ctx.talks.length <= since.talks && 'a talk with the unit (RECORD_TALK)',
  ].filter(Boolean);
  if (missing.length) return `escalation needs ${missing.join(' and ')} first`;
  if (!payload) return null;
  const problem = namingProblem(ctx, payload);
  if (problem) return problem;
  const after = named(ctx, payload);
  const who = unnamed(after, unreferredLapses(after));
  return who ? `a 倒查 reaches every responsible person: ${who}` : null;
}

function lastReferralAt(ctx: Ctx): string | undefined {
  return (ctx.referrals ?? []).at(-1)?.at ?? ctx.referral?.at;
}

/** Notices and talks recorded when the last 倒查 was made: the next one needs newer ones. */
function lastReferralCounts(ctx: Ctx): { notices: number; talks: number } {
  const last = (ctx.referrals ?? []).at(-1);
  if (last) return { notices: last.notices, talks: last.talks };
  return { notices: 0, talks: 0 };
}

/** Everyone a 倒查 about the unreferred lapses reaches, one entry per person (by ref). */
export function referredPersons(ctx: Ctx): Referred[] {
  const list: Referred[] = [];
  const add = (person: Person, side: ReferralSide, itemId?: number) => {
    let entry = list.find((r) => r.ref === person.ref);
    if (!entry) {
      const { ref, name, post } = person;
      entry = {
        ref,
        name,
        ...(post && { post }),
        sides: [],
        responsibility: SIDE_RESPONSIBILITY[side],
        itemIds: [],
      };
      list.push(entry);
    }
    if (!entry.sides.includes(side)) entry.sides.push(side);
    if (itemId !== undefined) entry.itemIds.push(itemId);
  };
  add(ctx.unitLeader, 'principal');
  if (ctx.supervisor) add(ctx.supervisor, 'supervisor');
  for (const item of unreferredLapses(ctx)) {
    if (!item.responsibleRef) continue;
    const post = item.responsiblePost;
    add({ ref: item.responsibleRef, name: item.responsible, ...(post && { post }) }, 'itemOwner', item.id);
  }
  return list;
}

/** The 倒查 an accepted ESCALATE makes. */
function referralOf(ctx: Ctx, event: Ev): Referral {
  const { reason } = payloadOf(event, 'ESCALATE');
  return {
    reason,
    itemIds: unreferredLapses(ctx).map((i) => i.id),
    persons: referredPersons(ctx),
    notices: ctx.notices.length,
    talks: ctx.talks.length,
    ...stamp(event),
  };
}

function reopen(items: Item[], reopened: ReopenedItem[]): Item[] {
  return items.map((item) => {
    const r = reopened.find((x) => x.itemId === item.id);
    if (!r) return item;
    return {
      ...item,
      dueAt: r.newDueAt,
      earlierDueAts: [...item.earlierDueAts, item.dueAt],
      completedAt: null,
      evidenceRef: null,
      overdueAt: null,
    };
  });
}

function initialContext(input: RectificationInput): Ctx {
  return {
    title: input.title,
    subject: input.subject,
    source: input.source,
    unitLeader: input.unitLeader,
    supervisor: input.supervisor ?? null,
    autoNotice: input.autoNotice ?? true,
    planLapsedAt: null,
    items: input.items.map((item, i) => ({
      id: i + 1,
      description: item.description,
      responsible: item.responsible,
      ...(item.responsibleRef && { responsibleRef: item.responsibleRef }),
      dueAt: item.dueAt,
      completedAt: null,
      evidenceRef: null,
      overdueAt: null,
      earlierDueAts: [],
    })),
    linkedFrom: input.linkedFrom ?? null,
    openedAt: input.openedAt,
    openedBy: input.openedBy,
    plans: [],
    planApproved: null,
    planReturns: [],
    lapses: [],
    notices: [],
    talks: [],
    referral: null,
    referrals: [],
    verifications: [],
    outcome: null,
    closedAt: null,
  };
}

/** Context after COMPLETE_ITEM, for guards that must judge the state the transition leads to. */
function afterComplete(ctx: Ctx, event: Ev): Ctx {
  const { itemId } = payloadOf(event, 'COMPLETE_ITEM');
  return { ...ctx, items: ctx.items.filter((i) => i.id !== itemId) };
}

/** Context after a firing of the limit at `at` (the due items flagged). */
function afterFiring(ctx: Ctx, at: string): Ctx {
  const due = new Set(itemsDueBy(ctx, at).map((i) => i.id));
  return { ...ctx, items: ctx.items.map((i) => (due.has(i.id) ? { ...i, overdueAt: at } : i)) };
}

export const rectificationMachine = setup({
  types: {
    context: {} as Ctx,
    events: {} as Ev,
    input: {} as RectificationInput,
  },
  // The engine computes the due time from the workflow's deadline policy (nextItemDue); unused here.
  delays: { itemDue: 1, planDue: 1 },
  guards: {
    canComplete: ({ context, event }) =>
      isProbe(event) || completeRefusal(context, payloadOf(event, 'COMPLETE_ITEM').itemId) === null,
    lastItem: ({ context, event }) =>
      !isProbe(event) && openItems(afterComplete(context, event)).length === 0,
    leavesWatched: ({ context, event }) =>
      !isProbe(event) && watchedItems(afterComplete(context, event)).length > 0,
    // The last lapsed item done while others are still open and not due: back to plain rectifying.
    clearsOverdue: ({ context, event }) =>
      !isProbe(event) && openItems(afterComplete(context, event)).every((i) => i.overdueAt === null),
    verifyAccepted: ({ context, event }) =>
      isProbe(event) || verifyRefusal(context, payloadOf(event, 'VERIFY'), event.at) === null,
    passed: ({ event }) => isProbe(event) || payloadOf(event, 'VERIFY').passed,
    // With a probe ESCALATE is offered in escalated; its conditions are explained when refused.
    canEscalate: ({ context, event }) =>
      isProbe(event) || escalateRefusal(context, payloadOf(event, 'ESCALATE')) === null,
    planNamesEveryone: ({ context, event }) =>
      isProbe(event) || planRefusal(context, payloadOf(event, 'SUBMIT_PLAN')) === null,
    planLapsed: ({ context }) => Boolean(context.planLapsedAt),
    somethingDue: ({ context, event }) => itemsDueBy(context, event.at).length > 0,
    watchedAfterFiring: ({ context, event }) => watchedItems(afterFiring(context, event.at)).length > 0,
  },
  actions: {
    completeItem: assign({
      items: ({ context, event }) => {
        const { itemId, evidenceRef } = payloadOf(event, 'COMPLETE_ITEM');
        return context.items.map((i) => (i.id === itemId ? { ...i, completedAt: event.at, evidenceRef } : i));
      },
    }),
    flagDueItems: assign(({ context, event }) => ({
      items: afterFiring(context, event.at).items,
      lapses: [...context.lapses, { at: event.at, itemIds: itemsDueBy(context, event.at).map((i) => i.id) }],
    })),
    // Fix 8: the escalation's first step, the 督办 notice, is issued by the lapse itself.
    autoNotice: assign({
      notices: ({ context, event }) =>
        context.autoNotice === true
          ? [
              ...context.notices,
              { noticeRef: `auto-${context.lapses.length}`, auto: true as const, ...stamp(event) },
            ]
          : context.notices,
    }),
    submitPlan: assign(({ context, event }) => {
      const payload = payloadOf(event, 'SUBMIT_PLAN');
      const { supervisor, items } = named(context, payload);
      return { supervisor, items, plans: [...context.plans, { plan: payload.plan, ...stamp(event) }] };
    }),
    returnPlan: assign({
      planReturns: ({ context, event }) => [
        ...context.planReturns,
        { reason: payloadOf(event, 'RETURN_PLAN').reason, ...stamp(event) },
      ],
    }),
    recordPlanLapse: assign({ planLapsedAt: ({ event }) => event.at }),
    escalate: assign(({ context, event }) => {
      const ctx = named(context, payloadOf(event, 'ESCALATE'));
      const referral = referralOf(ctx, event);
      return {
        supervisor: ctx.supervisor,
        items: ctx.items,
        referral: context.referral ?? { reason: referral.reason, ...stamp(event) },
        referrals: [...(context.referrals ?? []), referral],
      };
    }),
    recordVerification: assign(({ context, event }) => {
      const { passed, items = [], notes } = payloadOf(event, 'VERIFY');
      return {
        items: passed ? context.items : reopen(context.items, items),
        verifications: [...context.verifications, { passed, items, notes: notes ?? null, ...stamp(event) }],
      };
    }),
  },
}).createMachine({
  id: RECTIFICATION_WORKFLOW,
  initial: 'issued',
  context: ({ input }) => initialContext(input),
  states: {
    issued: {
      // The time limit for the plan, from the opening (P15WD by default).
      after: { planDue: { target: 'planOverdue', actions: 'recordPlanLapse' } },
      on: {
        SUBMIT_PLAN: { guard: 'planNamesEveryone', target: 'planSubmitted', actions: 'submitPlan' },
      },
    },
    // The plan is late: flagged overdue until it is submitted.
    planOverdue: {
      on: {
        SUBMIT_PLAN: { guard: 'planNamesEveryone', target: 'planSubmitted', actions: 'submitPlan' },
      },
    },
    planSubmitted: {
      on: {
        APPROVE_PLAN: {
          target: 'rectifying',
          actions: assign({ planApproved: ({ event }) => stamp(event) }),
        },
        // A returned plan is still due by the limit from the opening; once that passed, it is late.
        RETURN_PLAN: [
          { guard: 'planLapsed', target: 'planOverdue', actions: 'returnPlan' },
          { target: 'issued', actions: 'returnPlan' },
        ],
      },
    },
    rectifying: {
      // Every open item is watched here: there is always a due date to arm.
      after: {
        itemDue: [
          {
            guard: and(['somethingDue', 'watchedAfterFiring']),
            target: 'escalated.watching',
            actions: ['flagDueItems', 'autoNotice'],
          },
          // Every open item was due: nothing is left for the limit to watch.
          { guard: 'somethingDue', target: 'escalated.allFlagged', actions: ['flagDueItems', 'autoNotice'] },
          // Not reached while due() and the items agree; re-arming is the safe answer.
          { target: 'rectifying', reenter: true },
        ],
      },
      on: {
        COMPLETE_ITEM: [
          { guard: and(['canComplete', 'lastItem']), target: 'verifying', actions: 'completeItem' },
          // Re-entered: the limit is re-armed at the next due date among the items still open.
          { guard: 'canComplete', target: 'rectifying', reenter: true, actions: 'completeItem' },
        ],
      },
    },
    escalated: {
      initial: 'watching',
      states: {
        watching: {
          after: {
            itemDue: [
              {
                guard: and(['somethingDue', 'watchedAfterFiring']),
                target: 'watching',
                reenter: true,
                actions: ['flagDueItems', 'autoNotice'],
              },
              { guard: 'somethingDue', target: 'allFlagged', actions: ['flagDueItems', 'autoNotice'] },
              { target: 'watching', reenter: true },
            ],
          },
        },
        allFlagged: {},
      },
      on: {
        COMPLETE_ITEM: [
          { guard: and(['canComplete', 'lastItem']), target: 'verifying', actions: 'completeItem' },
          { guard: and(['canComplete', 'clearsOverdue']), target: 'rectifying', actions: 'completeItem' },
          {
            guard: and(['canComplete', 'leavesWatched']),
            target: '.watching',
            reenter: true,
            actions: 'completeItem',
          },
          { guard: 'canComplete', target: '.allFlagged', actions: 'completeItem' },
        ],
        RECORD_NOTICE: {
          actions: assign({
            notices: ({ context, event }) => [
              ...context.notices,
              { noticeRef: payloadOf(event, 'RECORD_NOTICE').noticeRef, ...stamp(event) },
            ],
          }),
        },
        RECORD_TALK: {
          actions: assign({
            talks: ({ context, event }) => [
              ...context.talks,
              { summary: payloadOf(event, 'RECORD_TALK').summary, ...stamp(event) },
            ],
          }),
        },
        ESCALATE: { guard: 'canEscalate', actions: 'escalate' },
      },
    },
    verifying: {
      on: {
        VERIFY: [
          {
            guard: and(['verifyAccepted', 'passed']),
            target: 'closed',
            actions: [
              'recordVerification',
              assign({ outcome: 'rectified', closedAt: ({ event }) => event.at }),
            ],
          },
          { guard: 'verifyAccepted', target: 'rectifying', actions: 'recordVerification' },
        ],
      },
    },
    closed: { type: 'final' },
  },
});
