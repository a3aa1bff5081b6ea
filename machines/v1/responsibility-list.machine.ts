/*
 * The unit's responsibility list for a year (责任清单). Pure: time comes in on the event as `at`.
 *
 *   drafted --SIGN--> signing --SIGN (the other side)--> signed --PUBLISH--> inProgress
 *   inProgress: tasks completed one by one (COMPLETE_TASK), each with its own due date and overdue
 *   flag; MID_YEAR_REVIEW once; YEAR_END_SUMMARY --> summarising (SIGN_SUMMARY by both) --ARCHIVE--> archived
 *
 * One rolling time limit `taskDue` is due at the earliest due date among the open tasks not yet
 * flagged. It is armed only in a `tracking` state, entered through the transient `route` only when
 * such a task exists, so no limit is ever armed with nothing to guard. Every completion and every
 * firing goes back through `route`, which re-arms it for the next task. `onTrack` and `behind` (some
 * open task is overdue) each have their own `tracking` state: the limit that fired in `onTrack`
 * stays overdue (the workflow's `overdueWhile: inProgress.behind`) while the limit is re-armed in
 * `behind` for the next task; it is settled when the last overdue task is done.
 */
import { and, assign, setup } from 'xstate';
import { payloadReader, stamp } from '../machine-events';
import type {
  Payloads,
  ResponsibilityListContext,
  ResponsibilityListEvent,
  ResponsibilityListInput,
  Side,
  Signatures,
  Task,
  TaskDraft,
} from './responsibility-list.types';

export type {
  ResponsibilityListContext,
  ResponsibilityListEvent,
  ResponsibilityListInput,
} from './responsibility-list.types';

export const RESPONSIBILITY_LIST = 'responsibilityList';

type Ctx = ResponsibilityListContext;
type Ev = ResponsibilityListEvent;

const payloadOf = payloadReader<Payloads>();

const isProbe = (event: Ev) => 'probe' in event && event.probe === true;

export function toTasks(drafts: TaskDraft[]): Task[] {
  return drafts.map((d, i) => ({
    id: `t${i + 1}`,
    title: d.title,
    owner: d.owner,
    dueAt: d.dueAt,
    ...(d.department !== undefined && { department: d.department }),
    ...(d.leader !== undefined && { leader: d.leader }),
    completedAt: null,
    completedBy: null,
    evidenceRef: null,
    overdueAt: null,
  }));
}

const isOpen = (t: Task) => t.completedAt === null;
/** Open and not yet flagged: the tasks the rolling limit still guards. */
export const pendingTasks = (ctx: Ctx) => ctx.tasks.filter((t) => isOpen(t) && t.overdueAt === null);
export const overdueTasks = (ctx: Ctx) => ctx.tasks.filter((t) => isOpen(t) && t.overdueAt !== null);

/** The due date of the next open task not yet flagged; null when none is left. */
export function nextDue(ctx: Ctx): string | null {
  const dues = pendingTasks(ctx).map((t) => t.dueAt);
  if (dues.length === 0) return null;
  return dues.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

/**
 * Why `side` cannot sign (null when it can): it has already signed, or the person who signed the other
 * side would sign this one too (two persons, two responsibilities). Which role signs which side is not
 * the machine's to check (events carry the actor, not its roles): both signer roles may send SIGN.
 */
export function signingProblem(signatures: Signatures, side: Side, actor: string): string | null {
  const own = signatures[side];
  if (own) return `the ${side} side has already signed (${own.signedBy}, by ${own.actor} at ${own.at})`;
  const other = Object.values(signatures).find((s) => s !== null && s.as !== side);
  return other && other.actor === actor
    ? `${actor} signed the ${other.as} side already: the ${side} side must be signed by another person`
    : null;
}

/** Why a task cannot be completed (null when it can). */
export function completionProblem(ctx: Ctx, taskId: string): string | null {
  const task = ctx.tasks.find((t) => t.id === taskId);
  if (!task) return `the list has no task ${taskId} (its tasks are ${ctx.tasks.map((t) => t.id).join(', ')})`;
  if (!isOpen(task)) return `task ${taskId} was already completed at ${task.completedAt}`;
  return null;
}

/** Why a guard refuses an event its state accepts, in words for the user; null when none does. */
export function refusalReason(ctx: Ctx, event: Ev): string | null {
  switch (event.type) {
    case 'SIGN':
      return signingProblem(ctx.signatures, event.payload.as, event.actor);
    case 'SIGN_SUMMARY':
      return signingProblem(ctx.summarySignatures, event.payload.as, event.actor);
    case 'COMPLETE_TASK':
      return completionProblem(ctx, event.payload.taskId);
    case 'MID_YEAR_REVIEW':
      return ctx.midYearReview
        ? `the mid-year review was already recorded (by ${ctx.midYearReview.actor} at ${ctx.midYearReview.at})`
        : null;
    case 'YEAR_END_SUMMARY':
      return ctx.midYearReview ? null : 'the mid-year review has not been recorded yet';
    default:
      return null;
  }
}

function initialContext(input: ResponsibilityListInput): Ctx {
  return {
    title: input.title,
    subject: input.subject,
    year: input.year,
    principal: input.principal,
    supervisor: input.supervisor,
    openedAt: input.openedAt,
    openedBy: input.openedBy,
    tasks: toTasks(input.tasks),
    revisions: 0,
    signatures: { principal: null, supervisor: null },
    publishedAt: null,
    midYearReview: null,
    yearEndSummary: null,
    summarySignatures: { principal: null, supervisor: null },
    archivedAt: null,
    outcome: null,
  };
}

function signed(signatures: Signatures, event: Ev, type: 'SIGN' | 'SIGN_SUMMARY'): Signatures {
  const { as, signedBy } = payloadOf(event, type);
  return { ...signatures, [as]: { as, signedBy, ...stamp(event) } };
}

export const responsibilityListMachine = setup({
  types: {
    context: {} as Ctx,
    events: {} as Ev,
    input: {} as ResponsibilityListInput,
  },
  // The engine computes the due time from the workflow's deadline policy (the next task's due date).
  delays: { taskDue: 1 },
  guards: {
    canSign: ({ context, event }) =>
      isProbe(event) || signingProblem(context.signatures, payloadOf(event, 'SIGN').as, event.actor) === null,
    canSignSummary: ({ context, event }) =>
      isProbe(event) ||
      signingProblem(context.summarySignatures, payloadOf(event, 'SIGN_SUMMARY').as, event.actor) === null,
    taskOpen: ({ context, event }) =>
      isProbe(event) || completionProblem(context, payloadOf(event, 'COMPLETE_TASK').taskId) === null,
    notReviewed: ({ context }) => context.midYearReview === null,
    reviewed: ({ context }) => context.midYearReview !== null,
    anyOverdue: ({ context }) => overdueTasks(context).length > 0,
    anyPending: ({ context }) => pendingTasks(context).length > 0,
  },
  actions: {
    reviseTasks: assign(({ context, event }) => ({
      tasks: toTasks(payloadOf(event, 'REVISE_TASKS').tasks),
      revisions: context.revisions + 1,
    })),
    sign: assign({ signatures: ({ context, event }) => signed(context.signatures, event, 'SIGN') }),
    signSummary: assign({
      summarySignatures: ({ context, event }) => signed(context.summarySignatures, event, 'SIGN_SUMMARY'),
    }),
    publish: assign({ publishedAt: ({ event }) => event.at }),
    completeTask: assign({
      tasks: ({ context, event }) => {
        const { taskId, evidenceRef } = payloadOf(event, 'COMPLETE_TASK');
        return context.tasks.map((t) =>
          t.id === taskId ? { ...t, completedAt: event.at, completedBy: event.actor, evidenceRef } : t,
        );
      },
    }),
    // Every open task whose due date has passed by the time the limit fired is flagged, each with that time.
    flagDue: assign({
      tasks: ({ context, event }) =>
        context.tasks.map((t) =>
          isOpen(t) && t.overdueAt === null && Date.parse(t.dueAt) <= Date.parse(event.at)
            ? { ...t, overdueAt: event.at }
            : t,
        ),
    }),
    reviewMidYear: assign({
      midYearReview: ({ event }) => ({
        summary: payloadOf(event, 'MID_YEAR_REVIEW').summary,
        ...stamp(event),
      }),
    }),
    summariseYear: assign({
      yearEndSummary: ({ event }) => ({
        summary: payloadOf(event, 'YEAR_END_SUMMARY').summary,
        ...stamp(event),
      }),
    }),
    archive: assign({ archivedAt: ({ event }) => event.at, outcome: 'archived' as const }),
  },
}).createMachine({
  id: RESPONSIBILITY_LIST,
  // XState's pure transition() builds a throw-away actor without input on every call.
  context: ({ input }) => (input === undefined ? ({} as Ctx) : initialContext(input)),
  initial: 'drafted',
  states: {
    drafted: {
      on: {
        REVISE_TASKS: { actions: 'reviseTasks' },
        SIGN: { target: 'signing', actions: 'sign' },
      },
    },
    // One side has signed: one signature is not enough.
    signing: {
      on: { SIGN: { guard: 'canSign', target: 'signed', actions: 'sign' } },
    },
    signed: {
      on: { PUBLISH: { target: 'inProgress', actions: 'publish' } },
    },
    inProgress: {
      initial: 'route',
      on: {
        COMPLETE_TASK: { guard: 'taskOpen', target: '.route', actions: 'completeTask' },
        MID_YEAR_REVIEW: { guard: 'notReviewed', actions: 'reviewMidYear' },
        YEAR_END_SUMMARY: { guard: 'reviewed', target: 'summarising', actions: 'summariseYear' },
      },
      states: {
        // Transient: where the tasks stand decides whether a limit is armed, and in which state.
        route: {
          always: [
            { guard: and(['anyOverdue', 'anyPending']), target: 'behind.tracking' },
            { guard: 'anyOverdue', target: 'behind.allFlagged' },
            { guard: 'anyPending', target: 'onTrack.tracking' },
            { target: 'onTrack.allDone' },
          ],
        },
        // No open task is overdue.
        onTrack: {
          // Always entered through `route`, which names the child; XState needs an initial one.
          initial: 'tracking',
          states: {
            tracking: {
              after: { taskDue: { target: '#responsibilityList.inProgress.route', actions: 'flagDue' } },
            },
            allDone: {},
          },
        },
        // Some open task is overdue.
        behind: {
          initial: 'tracking',
          states: {
            tracking: {
              after: { taskDue: { target: '#responsibilityList.inProgress.route', actions: 'flagDue' } },
            },
            allFlagged: {},
          },
        },
      },
    },
    summarising: {
      initial: 'unsigned',
      states: {
        unsigned: { on: { SIGN_SUMMARY: { target: 'halfSigned', actions: 'signSummary' } } },
        halfSigned: {
          on: { SIGN_SUMMARY: { guard: 'canSignSummary', target: 'signed', actions: 'signSummary' } },
        },
        signed: { on: { ARCHIVE: { target: '#responsibilityList.archived', actions: 'archive' } } },
      },
    },
    archived: { type: 'final' },
  },
});

export type ResponsibilityListMachine = typeof responsibilityListMachine;
