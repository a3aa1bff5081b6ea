import {
  nextDue,
  refusalReason,
  RESPONSIBILITY_LIST,
  responsibilityListMachine,
  signingProblem,
  completionProblem,
} from '../machines/responsibility-list.machine';
import { SIDES } from '../machines/responsibility-list.types';
import type {
  ListReferral,
  ListReferred,
  ResponsibilityListContext,
  ResponsibilityListEvent,
  ResponsibilityListEventType,
  ResponsibilityListInput,
} from '../machines/responsibility-list.types';
import {
  defineWorkflow,
  type DeadlinePolicy,
  type EffectsInput,
  type EventPolicy,
  type OpenInput,
  type Refusal,
  type RoleDeclaration,
  type UnitReference,
  type WorkflowEffect,
  type Language,
} from '../src/engine/workflow.types';
import { autoNotice, RESPONSIBILITY_LIST_AUTO_NOTICE } from './escalation.policy';
import {
  CheckTaskPayload,
  CompleteTaskPayload,
  DEPARTMENT_KIND,
  ListEscalatePayload,
  ListNoticePayload,
  ListSignaturePayload,
  ListSummaryPayload,
  ResponsibilityListV3OpenPayload,
  ReviseListTasksV3Payload,
  YearEndSummaryPayload,
} from './responsibility-list.payloads';
import { listReason } from './responsibility-list.refusals';
import { LIST_RULES, listRefusalRule } from './responsibility-list.rules';
import { roles } from './roles';
import { inLanguage } from './language';
import { TALLIES } from './indices.tallies';

type Ctx = ResponsibilityListContext;

/**
 * The sides the signed-in person may still sign: those the list names them for, not yet signed (and
 * not the second side of someone who signed the first). The form offers only these; the signer is the
 * signed-in person, never a name typed in.
 */
function sidesLeft(ctx: Ctx, signatures: Ctx['signatures'], actor: string) {
  return SIDES.filter((side) => signingProblem(ctx, signatures, side, actor, '-') === null);
}

const onlySide = (left: readonly string[]) => (left.length === 1 ? { as: left[0] } : null);

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

/** The departments a list's tasks name: each must be a department under the list's handling unit. */
function departments(payload: object): UnitReference[] {
  const tasks = (payload as { tasks?: { department?: string }[] }).tasks ?? [];
  return tasks.flatMap((t, i) =>
    t.department === undefined
      ? []
      : [{ field: `tasks[${i}].department`, code: t.department, kind: DEPARTMENT_KIND }],
  );
}

const events: Record<ResponsibilityListEventType, EventPolicy<Ctx>> = {
  REVISE_TASKS: {
    roles: ['officer'],
    payload: ReviseListTasksV3Payload,
    description: "Replace the draft's tasks (before anyone signs)",
    units: departments,
  },
  SIGN: {
    roles: SIGNERS,
    payload: ListSignaturePayload,
    choices: (ctx, actor) => ({ as: sidesLeft(ctx, ctx.signatures, actor) }),
    prefill: (ctx, actor) => onlySide(sidesLeft(ctx, ctx.signatures, actor)),
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
    // The task is picked from the list's open tasks by its title; none left: not offered.
    choices: (ctx) => ({
      taskId: ctx.tasks
        .filter((t) => completionProblem(ctx, t.id) === null)
        .map((t) => ({ value: t.id, label: { zh: t.title, en: t.title } })),
    }),
    description: 'Record that a task was carried out, with its evidence',
  },
  CHECK_TASK: {
    roles: ['leader', 'disciplineHead'],
    payload: CheckTaskPayload,
    description:
      'Check a key task (重点任务) that is done against its standard (达标标准): met or not, with a note; once',
    requires: {
      zh: '仅限已完成的重点任务，每项检查一次，并注明检查情况',
      en: 'Only a key task that is done, checked once, with a note',
    },
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
      'Submit the year-end summary (after the mid-year review and the check of every key task done), ' +
      'explaining each task still overdue; both sides sign it',
    requires: {
      zh: '须先完成年中检查，并检查每项已完成的重点任务是否达标',
      en: 'The mid-year review first, and the check of every key task done against its standard',
    },
  },
  SIGN_SUMMARY: {
    roles: SIGNERS,
    payload: ListSignaturePayload,
    choices: (ctx, actor) => ({ as: sidesLeft(ctx, ctx.summarySignatures, actor) }),
    prefill: (ctx, actor) => onlySide(sidesLeft(ctx, ctx.summarySignatures, actor)),
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

function input(open: OpenInput<ResponsibilityListV3OpenPayload>): ResponsibilityListInput {
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
      ...(t.key === true && { key: true }),
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

/** The facts of a 倒查 case, in the deployment's language; what users wrote, as they wrote it. */
function referralFacts(
  ctx: Ctx,
  referral: ListReferral,
  who: ListReferred,
  language: Language | undefined,
): string {
  const en = language === 'en';
  const tasks = ctx.tasks.filter((t) => referral.taskIds.includes(t.id));
  const principal = who.sides.includes('principal');
  return [
    en
      ? `Responsibility list "${ctx.title}" (${ctx.year}): tasks overdue (倒查).`
      : `责任清单“${ctx.title}”（${ctx.year}年度）任务逾期（倒查）。`,
    ...tasks.map((t) =>
      en
        ? `task ${t.id} "${t.title}" (owner: ${t.owner}) was due ${beijingDay(t.dueAt)}, not done`
        : `任务${t.id}“${t.title}”（责任人：${t.owner}）应于${beijingDay(t.dueAt)}前完成，逾期未完成`,
    ),
    en
      ? principal
        ? `${who.name} is referred as the principal responsible person (主体责任).`
        : `${who.name} is referred as the person responsible for tasks ${who.taskIds.join(', ')}.`
      : principal
        ? `移送${who.name}追究主体责任。`
        : `移送${who.name}追究任务${who.taskIds.join('、')}的直接责任。`,
    en ? `Reason for referral: ${referral.reason}` : `移送理由：${referral.reason}`,
  ].join('\n');
}

/** A due date as the calendar in Beijing has it (2026-11-30). */
function beijingDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** 倒查 of overdue tasks: one accountability case per person reached, each naming its responsibility. */
function effects({
  before,
  after,
  event,
  language,
}: EffectsInput<Ctx, ResponsibilityListEvent>): WorkflowEffect[] {
  const made = after.context.referrals ?? [];
  if (event.type !== 'ESCALATE' || made.length === (before.context.referrals ?? []).length) return [];
  const ctx = after.context;
  const referral = made[made.length - 1];
  return referral.persons.map((who) => ({
    type: 'openCase',
    workflow: 'accountability',
    relation: TASK_REFERRAL_RELATION,
    title: inLanguage(language, {
      zh: `责任清单任务逾期倒查问责：${ctx.title}（${who.name}）`,
      en: `Accountability for overdue list tasks (倒查): ${ctx.title} (${who.name})`,
    }),
    subject: {
      ref: who.ref,
      kind: 'individual',
      name: who.name,
      organisation: ctx.subject.name,
      ...(who.post && { post: who.post }),
    },
    payload: {
      source: 'superiorInstruction',
      facts: referralFacts(ctx, referral, who, language),
      situation: 'dutiesNotCarriedOut',
      responsibility: who.responsibility,
    },
  }));
}

function explainRefusal(ctx: Ctx, event: ResponsibilityListEvent): Refusal | null {
  const message = refusalReason(ctx, event);
  if (message === null) return null;
  const rule = listRefusalRule(ctx, event);
  return { message, ...(rule && { rule }), ...listReason(ctx, event) };
}

// A wrong value stops the start here, with what is wrong.
autoNotice(RESPONSIBILITY_LIST_AUTO_NOTICE);

export const responsibilityListWorkflow = defineWorkflow<
  Ctx,
  ResponsibilityListEvent,
  ResponsibilityListV3OpenPayload
>({
  name: RESPONSIBILITY_LIST,
  version: 3,
  title: 'Responsibility list (责任清单)',
  caseNumberLabel: { zh: '清单', en: 'List' },
  description:
    "A unit's responsibility list for a year: drafted with tasks that carry their standard, safeguards and " +
    'supervising body; signed by both the principal (主体责任) and the supervisory (监督责任) responsible ' +
    'persons named on it, each with a review opinion; published; tasks carried out by their due dates (a lapse ' +
    'issues a 督办 notice, then a 倒查 reaches the task person and the principal); a mid-year review; a year-end ' +
    'summary explaining any task still overdue, signed by both; archived. Version 3: a task may be key ' +
    '(重点任务), naming its department (分管部门) by unit code; a key task done is checked against its ' +
    'standard (达标: met or not, with a note) before the year-end summary.',
  machine: responsibilityListMachine,
  roles: RESPONSIBILITY_LIST_ROLES,
  open: {
    roles: ['officer', 'integration'],
    payload: ResponsibilityListV3OpenPayload,
    subjectKinds: ['organisation'],
    units: departments,
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
