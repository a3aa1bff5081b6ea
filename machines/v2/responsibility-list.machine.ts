/*
 * The unit's responsibility list for a year (责任清单), version 2, frozen (version 3 replaced it; version 1 is frozen in
 * machines/v1/). Pure: time comes in on the event as `at`.
 *
 * Version 2 (issue 18 fix 7): a side is signed only by the person the list names for it (the
 * event's actor is their account's `sub`), with a review opinion (审阅意见); tasks carry their work
 * standard, safeguards and supervising body, and the person answerable for them; a task's lapse
 * issues a 督办 notice by itself (the deployment's policy, recorded at opening), and ESCALATE opens
 * a 倒查 against each overdue task's person and the principal; the year-end summary explains every
 * task still overdue.
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
  ListReferral,
  ListReferred,
  Payloads,
  Person,
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
    ...(d.responsible !== undefined && { responsible: d.responsible }),
    ...(d.standard !== undefined && { standard: d.standard }),
    ...(d.safeguards !== undefined && { safeguards: d.safeguards }),
    ...(d.supervisedBy !== undefined && { supervisedBy: d.supervisedBy }),
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

const SIDE_WORDS: Record<Side, string> = {
  principal: 'principal (主体责任)',
  supervisor: 'supervisory (监督责任)',
};

/**
 * Why `actor` cannot sign `side` (null when they can): the side has signed already; the actor is not
 * the person the list names for it (fix 7: their account's `sub` is the `ref` on the list); there is
 * no review opinion; or the person who signed the other side would sign this one too.
 */
export function signingProblem(
  ctx: Ctx,
  signatures: Signatures,
  side: Side,
  actor: string,
  opinion: string | undefined,
): string | null {
  const own = signatures[side];
  if (own) return `the ${side} side has already signed (${own.signedBy}, by ${own.actor} at ${own.at})`;
  const named = ctx[side];
  if (actor !== named.ref) {
    return (
      `only ${named.name} (${named.ref}), named on the list as the ${SIDE_WORDS[side]} responsible person, ` +
      `may sign the ${side} side; you are signed in as ${actor}`
    );
  }
  if (!opinion?.trim()) return 'a signature needs the review opinion (审阅意见, opinion)';
  const other = Object.values(signatures).find((s) => s !== null && s.as !== side);
  return other && other.actor === actor
    ? `${actor} signed the ${other.as} side already: the ${side} side must be signed by another person`
    : null;
}

/** Tasks that lack what version 2 requires of them before the list is published. */
export function incompleteTasks(ctx: Ctx): Task[] {
  return ctx.tasks.filter((t) => !t.responsible || !t.standard || !t.safeguards || !t.supervisedBy);
}

/** Why YEAR_END_SUMMARY is refused: the review first; then an explanation for each task still overdue. */
export function summaryProblem(ctx: Ctx, payload: Payloads['YEAR_END_SUMMARY']): string | null {
  if (!ctx.midYearReview) return 'the mid-year review has not been recorded yet';
  const explanations = payload.explanations ?? [];
  const seen = new Set<string>();
  for (const { taskId } of explanations) {
    if (!ctx.tasks.some((t) => t.id === taskId)) return `the list has no task ${taskId}`;
    if (seen.has(taskId)) return `task ${taskId} is explained twice`;
    seen.add(taskId);
  }
  const missing = overdueTasks(ctx).filter((t) => !seen.has(t.id));
  return missing.length
    ? `tasks ${missing.map((t) => t.id).join(', ')} are overdue: the summary must explain each (explanations)`
    : null;
}

/** Overdue open tasks no 倒查 has covered yet. */
export function unreferredOverdue(ctx: Ctx): Task[] {
  const covered = new Set((ctx.referrals ?? []).flatMap((r) => r.taskIds));
  return overdueTasks(ctx).filter((t) => !covered.has(t.id));
}

/** The list with the task persons an ESCALATE names taken in (for tasks from version 1). */
function withOwners(ctx: Ctx, payload: Payloads['ESCALATE'] | null): Ctx {
  const owners = payload?.owners ?? [];
  if (!owners.length) return ctx;
  return {
    ...ctx,
    tasks: ctx.tasks.map((t) => {
      const o = owners.find((x) => x.taskId === t.id);
      return o ? { ...t, responsible: { ref: o.ref, name: o.name, ...(o.post && { post: o.post }) } } : t;
    }),
  };
}

/** Why ESCALATE is refused: an overdue task not yet referred, a notice since the last 倒查, every person named. */
export function escalateProblem(ctx: Ctx, payload: Payloads['ESCALATE'] | null): string | null {
  const overdue = unreferredOverdue(ctx);
  if (!overdue.length) return 'no overdue task awaits a 倒查';
  const since = (ctx.referrals ?? []).at(-1)?.notices ?? 0;
  if ((ctx.notices ?? []).length <= since) return 'a 倒查 needs a 督办 notice (RECORD_NOTICE) first';
  for (const o of payload?.owners ?? []) {
    if (!ctx.tasks.some((t) => t.id === o.taskId)) return `the list has no task ${o.taskId}`;
  }
  const unnamed = unreferredOverdue(withOwners(ctx, payload)).filter((t) => !t.responsible);
  return unnamed.length
    ? `name the person responsible for tasks ${unnamed.map((t) => t.id).join(', ')} (owners): a 倒查 reaches each`
    : null;
}

/** Everyone a 倒查 of the unreferred overdue tasks reaches: the principal and each task's person. */
export function referredPersons(ctx: Ctx): ListReferred[] {
  const list: ListReferred[] = [];
  const add = (p: Person, side: 'principal' | 'taskOwner', taskId?: string) => {
    let entry = list.find((r) => r.ref === p.ref);
    if (!entry) {
      const responsibility = side === 'principal' ? 'mainLeadership' : 'direct';
      entry = {
        ref: p.ref,
        name: p.name,
        ...(p.post && { post: p.post }),
        sides: [],
        responsibility,
        taskIds: [],
      };
      list.push(entry);
    }
    if (!entry.sides.includes(side)) entry.sides.push(side);
    if (taskId) entry.taskIds.push(taskId);
  };
  add(ctx.principal, 'principal');
  for (const t of unreferredOverdue(ctx)) if (t.responsible) add(t.responsible, 'taskOwner', t.id);
  return list;
}

function referralOf(ctx: Ctx, event: Ev): ListReferral {
  return {
    reason: payloadOf(event, 'ESCALATE').reason,
    taskIds: unreferredOverdue(ctx).map((t) => t.id),
    persons: referredPersons(ctx),
    notices: (ctx.notices ?? []).length,
    ...stamp(event),
  };
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
      return signingProblem(ctx, ctx.signatures, event.payload.as, event.actor, event.payload.opinion);
    case 'SIGN_SUMMARY':
      return signingProblem(ctx, ctx.summarySignatures, event.payload.as, event.actor, event.payload.opinion);
    case 'PUBLISH': {
      const missing = incompleteTasks(ctx).map((t) => t.id);
      return missing.length
        ? `tasks ${missing.join(', ')} lack their responsible person, work standard, safeguards or supervising body: revise the tasks first`
        : null;
    }
    case 'ESCALATE':
      return escalateProblem(ctx, event.payload);
    case 'COMPLETE_TASK':
      return completionProblem(ctx, event.payload.taskId);
    case 'MID_YEAR_REVIEW':
      return ctx.midYearReview
        ? `the mid-year review was already recorded (by ${ctx.midYearReview.actor} at ${ctx.midYearReview.at})`
        : null;
    case 'YEAR_END_SUMMARY':
      return summaryProblem(ctx, event.payload);
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
    autoNotice: input.autoNotice ?? true,
    notices: [],
    referrals: [],
  };
}

function signed(ctx: Ctx, signatures: Signatures, event: Ev, type: 'SIGN' | 'SIGN_SUMMARY'): Signatures {
  const { as, opinion } = payloadOf(event, type);
  return { ...signatures, [as]: { as, signedBy: ctx[as].name, opinion, ...stamp(event) } };
}

function canSignWith(ctx: Ctx, signatures: Signatures, event: Ev, type: 'SIGN' | 'SIGN_SUMMARY'): boolean {
  const { as, opinion } = payloadOf(event, type);
  return signingProblem(ctx, signatures, as, event.actor, opinion) === null;
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
      isProbe(event) || canSignWith(context, context.signatures, event, 'SIGN'),
    canSignSummary: ({ context, event }) =>
      isProbe(event) || canSignWith(context, context.summarySignatures, event, 'SIGN_SUMMARY'),
    tasksComplete: ({ context }) => incompleteTasks(context).length === 0,
    summaryExplained: ({ context, event }) =>
      isProbe(event) || summaryProblem(context, payloadOf(event, 'YEAR_END_SUMMARY')) === null,
    canEscalate: ({ context, event }) =>
      isProbe(event) || escalateProblem(context, payloadOf(event, 'ESCALATE')) === null,
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
    sign: assign({ signatures: ({ context, event }) => signed(context, context.signatures, event, 'SIGN') }),
    signSummary: assign({
      summarySignatures: ({ context, event }) =>
        signed(context, context.summarySignatures, event, 'SIGN_SUMMARY'),
    }),
    // Fix 7 (as fix 8 for rectification items): the lapse itself issues the 督办 notice.
    autoNotice: assign({
      notices: ({ context, event }) => {
        const notices = context.notices ?? [];
        const flagged = context.tasks.some((t) => t.overdueAt === event.at && t.completedAt === null);
        if (context.autoNotice !== true || !flagged) return notices;
        return [
          ...notices,
          { noticeRef: `auto-${notices.length + 1}`, auto: true as const, ...stamp(event) },
        ];
      },
    }),
    recordNotice: assign({
      notices: ({ context, event }) => [
        ...(context.notices ?? []),
        { noticeRef: payloadOf(event, 'RECORD_NOTICE').noticeRef, ...stamp(event) },
      ],
    }),
    escalate: assign(({ context, event }) => {
      const ctx = withOwners(context, payloadOf(event, 'ESCALATE'));
      return { tasks: ctx.tasks, referrals: [...(context.referrals ?? []), referralOf(ctx, event)] };
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
      yearEndSummary: ({ event }) => {
        const { summary, explanations } = payloadOf(event, 'YEAR_END_SUMMARY');
        return { summary, ...(explanations?.length && { explanations }), ...stamp(event) };
      },
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
        SIGN: { guard: 'canSign', target: 'signing', actions: 'sign' },
      },
    },
    // One side has signed: one signature is not enough.
    signing: {
      on: { SIGN: { guard: 'canSign', target: 'signed', actions: 'sign' } },
    },
    signed: {
      on: { PUBLISH: { guard: 'tasksComplete', target: 'inProgress', actions: 'publish' } },
    },
    inProgress: {
      initial: 'route',
      on: {
        COMPLETE_TASK: { guard: 'taskOpen', target: '.route', actions: 'completeTask' },
        MID_YEAR_REVIEW: { guard: 'notReviewed', actions: 'reviewMidYear' },
        YEAR_END_SUMMARY: {
          guard: and(['reviewed', 'summaryExplained']),
          target: 'summarising',
          actions: 'summariseYear',
        },
        RECORD_NOTICE: { actions: 'recordNotice' },
        ESCALATE: { guard: 'canEscalate', actions: 'escalate' },
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
              after: {
                taskDue: {
                  target: '#responsibilityList.inProgress.route',
                  actions: ['flagDue', 'autoNotice'],
                },
              },
            },
            allDone: {},
          },
        },
        // Some open task is overdue.
        behind: {
          initial: 'tracking',
          states: {
            tracking: {
              after: {
                taskDue: {
                  target: '#responsibilityList.inProgress.route',
                  actions: ['flagDue', 'autoNotice'],
                },
              },
            },
            allFlagged: {},
          },
        },
      },
    },
    summarising: {
      initial: 'unsigned',
      states: {
        unsigned: {
          on: { SIGN_SUMMARY: { guard: 'canSignSummary', target: 'halfSigned', actions: 'signSummary' } },
        },
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
