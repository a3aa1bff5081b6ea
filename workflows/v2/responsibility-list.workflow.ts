/* Version 2 of the responsibility list, frozen when version 3 (key tasks checked against their standard) replaced it. */
import {
  nextDue,
  refusalReason,
  RESPONSIBILITY_LIST,
  responsibilityListMachine,
} from '../../machines/v2/responsibility-list.machine';
import type {
  ListReferral,
  ListReferred,
  ResponsibilityListContext,
  ResponsibilityListEvent,
  ResponsibilityListEventType,
  ResponsibilityListInput,
} from '../../machines/v2/responsibility-list.types';
import {
  defineWorkflow,
  type DeadlinePolicy,
  type EffectsInput,
  type EventPolicy,
  type OpenInput,
  type Refusal,
  type RoleDeclaration,
  type WorkflowEffect,
} from '../../src/engine/workflow.types';
import { autoNotice, RESPONSIBILITY_LIST_AUTO_NOTICE } from '../escalation.policy';
import {
  CompleteTaskPayload,
  ListEscalatePayload,
  ListNoticePayload,
  ListSignaturePayload,
  ListSummaryPayload,
  ResponsibilityListV2OpenPayload,
  ReviseListTasksPayload,
  YearEndSummaryPayload,
} from '../responsibility-list.payloads';
import { LIST_RULES, listRefusalRule } from './responsibility-list.rules';
import { roles } from '../roles';
import { TALLIES } from '../indices.tallies';

type Ctx = ResponsibilityListContext;

export const RESPONSIBILITY_LIST_ROLES: RoleDeclaration[] = roles(
  'integration',
  'officer',
  'leader',
  'principal',
  'disciplineHead',
  'taskOwner',
);

/** Both responsible persons sign; which side is in the payload (`as`), and only the person the list names for it may. */
const SIGNERS = ['principal', 'disciplineHead'];

/** The relation of the accountability cases a 倒查 of overdue tasks opens. */
export const TASK_REFERRAL_RELATION = 'listTaskOverdue';

const events: Record<ResponsibilityListEventType, EventPolicy<Ctx>> = {
  REVISE_TASKS: {
    roles: ['officer'],
    payload: ReviseListTasksPayload,
    description: "Replace the draft's tasks (before anyone signs)",
  },
  SIGN: {
    roles: SIGNERS,
    payload: ListSignaturePayload,
    description:
      'Sign the list for the principal (主体责任) or the supervisory (监督责任) side, with a review opinion ' +
      '(审阅意见): only the person the list names for that side may; it is signed when both sides have',
    requires: {
      zh: '须由清单载明的该方责任人本人签署，并填写审阅意见',
      en: 'Signed by the person the list names for that side, with a review opinion',
    },
  },
  PUBLISH: {
    roles: ['officer'],
    description:
      'Publish the signed list; its tasks start (each must carry its standard, safeguards and supervising body)',
  },
  COMPLETE_TASK: {
    roles: ['officer', 'taskOwner'],
    payload: CompleteTaskPayload,
    description: 'Record that a task was carried out, with its evidence',
  },
  MID_YEAR_REVIEW: {
    roles: ['leader'],
    payload: ListSummaryPayload,
    description: 'Record the mid-year review (once)',
  },
  YEAR_END_SUMMARY: {
    roles: ['officer'],
    payload: YearEndSummaryPayload,
    description:
      'Submit the year-end summary (after the mid-year review), explaining each task still overdue; both sides sign it',
  },
  SIGN_SUMMARY: {
    roles: SIGNERS,
    payload: ListSignaturePayload,
    description:
      'Sign the year-end summary for one side, with a review opinion; only the person named for it may',
  },
  ARCHIVE: { roles: ['officer'], description: 'Archive the list once its summary is signed by both' },
  RECORD_NOTICE: {
    roles: ['officer'],
    payload: ListNoticePayload,
    description:
      'Record a 督办 notice about overdue tasks (a lapse issues one by itself where the deployment says so)',
  },
  ESCALATE: {
    roles: ['leader'],
    payload: ListEscalatePayload,
    description:
      '倒查 after a notice: opens an accountability case against the person of each overdue task (direct ' +
      "responsibility) and the list's principal (main leadership), each linked",
  },
};

const deadlines: Record<'taskDue', DeadlinePolicy<Ctx>> = {
  taskDue: {
    kind: 'listTask',
    // Unused while a task is pending (the due date is the task's); the policy needs a duration.
    duration: 'P1Y',
    flagsOverdue: true,
    // The earliest due date among the open tasks not yet flagged (the limit is armed only when one exists).
    due: ({ context, at, duration, calendar }) => {
      const next = nextDue(context);
      return next ? new Date(next) : calendar.add(new Date(at), duration);
    },
    // The limit that fired stays overdue while some open task is overdue, though it is re-armed for the next task.
    overdueWhile: ['inProgress.behind'],
  },
};

const person = (p: { ref: string; name: string; post?: string }) => ({
  ref: p.ref,
  name: p.name,
  ...(p.post !== undefined && { post: p.post }),
});

function input(open: OpenInput<ResponsibilityListV2OpenPayload>): ResponsibilityListInput {
  const { year, principal, supervisor, tasks } = open.payload;
  return {
    title: open.title,
    subject: open.subject,
    year,
    principal: person(principal),
    supervisor: person(supervisor),
    tasks: tasks.map((t) => ({
      title: t.title,
      owner: t.owner,
      dueAt: t.dueAt,
      ...(t.department !== undefined && { department: t.department }),
      ...(t.leader !== undefined && { leader: t.leader }),
      responsible: person(t.responsible),
      standard: t.standard,
      safeguards: t.safeguards,
      supervisedBy: t.supervisedBy,
    })),
    autoNotice: autoNotice(RESPONSIBILITY_LIST_AUTO_NOTICE),
    openedAt: open.at,
    openedBy: open.actor,
  };
}

function referralFacts(ctx: Ctx, referral: ListReferral, who: ListReferred): string {
  const tasks = ctx.tasks.filter((t) => referral.taskIds.includes(t.id));
  return [
    `Responsibility list "${ctx.title}" (${ctx.year}): tasks overdue (倒查).`,
    ...tasks.map((t) => `task ${t.id} "${t.title}" (owner: ${t.owner}) was due ${t.dueAt}, not done`),
    who.sides.includes('principal')
      ? `${who.name} is referred as the principal responsible person (主体责任).`
      : `${who.name} is referred as the person responsible for tasks ${who.taskIds.join(', ')}.`,
    `Reason for referral: ${referral.reason}`,
  ].join('\n');
}

/** 倒查 of overdue tasks: one accountability case per person reached, each naming its responsibility. */
function effects({ before, after, event }: EffectsInput<Ctx, ResponsibilityListEvent>): WorkflowEffect[] {
  const made = after.context.referrals ?? [];
  if (event.type !== 'ESCALATE' || made.length === (before.context.referrals ?? []).length) return [];
  const ctx = after.context;
  const referral = made[made.length - 1];
  return referral.persons.map((who) => ({
    type: 'openCase',
    workflow: 'accountability',
    relation: TASK_REFERRAL_RELATION,
    title: `倒查 Accountability for overdue list tasks: ${ctx.title} (${who.name})`,
    subject: {
      ref: who.ref,
      kind: 'individual',
      name: who.name,
      organisation: ctx.subject.name,
      ...(who.post && { post: who.post }),
    },
    payload: {
      source: 'superiorInstruction',
      facts: referralFacts(ctx, referral, who),
      situation: 'dutiesNotCarriedOut',
      responsibility: who.responsibility,
    },
  }));
}

function explainRefusal(ctx: Ctx, event: ResponsibilityListEvent): Refusal | null {
  const message = refusalReason(ctx, event);
  if (message === null) return null;
  const rule = listRefusalRule(ctx, event);
  return rule ? { message, rule } : { message };
}

// A wrong value stops the start here, with what is wrong.
autoNotice(RESPONSIBILITY_LIST_AUTO_NOTICE);

export const responsibilityListWorkflowV2 = defineWorkflow<
  Ctx,
  ResponsibilityListEvent,
  ResponsibilityListV2OpenPayload
>({
  name: RESPONSIBILITY_LIST,
  version: 2,
  title: 'Responsibility list (责任清单)',
  description:
    "A unit's responsibility list for a year: drafted with tasks that carry their standard, safeguards and " +
    'supervising body; signed by both the principal (主体责任) and the supervisory (监督责任) responsible ' +
    'persons named on it, each with a review opinion; published; tasks carried out by their due dates (a lapse ' +
    'issues a 督办 notice, then a 倒查 reaches the task person and the principal); a mid-year review; a year-end ' +
    'summary explaining any task still overdue, signed by both; archived.',
  machine: responsibilityListMachine,
  roles: RESPONSIBILITY_LIST_ROLES,
  open: {
    roles: ['officer', 'integration'],
    payload: ResponsibilityListV2OpenPayload,
    subjectKinds: ['organisation'],
  },
  events,
  deadlines,
  effectTypes: ['openCase'],
  input,
  outcome: (context) => context.outcome,
  // what the indices count inside its cases (workflows/indices.tallies.ts)
  tallies: TALLIES.responsibilityList,
  effects,
  explainRefusal,
  rules: LIST_RULES,
});
