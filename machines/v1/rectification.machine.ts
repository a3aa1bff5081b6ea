/*
 * Rectification follow-up (整改督办): findings handed to a unit as items, each with its own due date.
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
import { payloadReader, stamp } from '../machine-events';
import type {
  Item,
  Payloads,
  RectificationContext,
  RectificationEvent,
  RectificationInput,
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

/** Why ESCALATE is refused, or null when it is accepted. */
export function escalateRefusal(ctx: Ctx): string | null {
  if (ctx.referral) return `the unit leader was already referred for accountability at ${ctx.referral.at}`;
  const missing = [
    !ctx.notices.length && 'a 督办 notice (RECORD_NOTICE)',
    !ctx.talks.length && 'a talk with the unit (RECORD_TALK)',
  ].filter(Boolean);
  return missing.length ? `escalation needs ${missing.join(' and ')} first` : null;
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
    items: input.items.map((item, i) => ({
      id: i + 1,
      description: item.description,
      responsible: item.responsible,
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
  delays: { itemDue: 1 },
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
    canEscalate: ({ context, event }) => isProbe(event) || escalateRefusal(context) === null,
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
      on: {
        SUBMIT_PLAN: {
          target: 'planSubmitted',
          actions: assign({
            plans: ({ context, event }) => [
              ...context.plans,
              { plan: payloadOf(event, 'SUBMIT_PLAN').plan, ...stamp(event) },
            ],
          }),
        },
      },
    },
    planSubmitted: {
      on: {
        APPROVE_PLAN: {
          target: 'rectifying',
          actions: assign({ planApproved: ({ event }) => stamp(event) }),
        },
        RETURN_PLAN: {
          target: 'issued',
          actions: assign({
            planReturns: ({ context, event }) => [
              ...context.planReturns,
              { reason: payloadOf(event, 'RETURN_PLAN').reason, ...stamp(event) },
            ],
          }),
        },
      },
    },
    rectifying: {
      // Every open item is watched here: there is always a due date to arm.
      after: {
        itemDue: [
          {
            guard: and(['somethingDue', 'watchedAfterFiring']),
            target: 'escalated.watching',
            actions: 'flagDueItems',
          },
          // Every open item was due: nothing is left for the limit to watch.
          { guard: 'somethingDue', target: 'escalated.allFlagged', actions: 'flagDueItems' },
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
                actions: 'flagDueItems',
              },
              { guard: 'somethingDue', target: 'allFlagged', actions: 'flagDueItems' },
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
        ESCALATE: {
          guard: 'canEscalate',
          actions: assign({
            referral: ({ event }) => ({ reason: payloadOf(event, 'ESCALATE').reason, ...stamp(event) }),
          }),
        },
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
