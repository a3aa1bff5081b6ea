import {
  nextDue,
  refusalReason,
  RESPONSIBILITY_LIST,
  responsibilityListMachine,
} from '../../machines/v1/responsibility-list.machine';
import type {
  ResponsibilityListContext,
  ResponsibilityListEvent,
  ResponsibilityListEventType,
  ResponsibilityListInput,
} from '../../machines/v1/responsibility-list.types';
import {
  defineWorkflow,
  type DeadlinePolicy,
  type EventPolicy,
  type OpenInput,
  type RoleDeclaration,
} from '../../src/engine/workflow.types';
import {
  CompleteTaskPayload,
  ListSummaryPayload,
  ResponsibilityListOpenPayload,
  ReviseTasksPayload,
  SignListPayload,
} from '../responsibility-list.payloads';
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

/** Both responsible persons sign; which side a signature is for is in its payload (`as`). */
const SIGNERS = ['principal', 'disciplineHead'];

const events: Record<ResponsibilityListEventType, EventPolicy<Ctx>> = {
  REVISE_TASKS: {
    roles: ['officer'],
    payload: ReviseTasksPayload,
    description: "Replace the draft's tasks (before anyone signs)",
  },
  SIGN: {
    roles: SIGNERS,
    payload: SignListPayload,
    description:
      'Sign the list for the principal (主体责任) or the supervisory (监督责任) side; it is signed only ' +
      'when both sides have signed; a side that signed cannot sign again',
  },
  PUBLISH: { roles: ['officer'], description: 'Publish the signed list; its tasks start' },
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
    payload: ListSummaryPayload,
    description: 'Submit the year-end summary (after the mid-year review); both sides sign it',
  },
  SIGN_SUMMARY: {
    roles: SIGNERS,
    payload: SignListPayload,
    description: 'Sign the year-end summary for one side; both sides sign',
  },
  ARCHIVE: { roles: ['officer'], description: 'Archive the list once its summary is signed by both' },
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

function input(open: OpenInput<ResponsibilityListOpenPayload>): ResponsibilityListInput {
  const { year, principal, supervisor, tasks } = open.payload;
  const person = (p: typeof principal) => ({
    ref: p.ref,
    name: p.name,
    ...(p.post !== undefined && { post: p.post }),
  });
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
    })),
    openedAt: open.at,
    openedBy: open.actor,
  };
}

export const responsibilityListWorkflowV1 = defineWorkflow<
  Ctx,
  ResponsibilityListEvent,
  ResponsibilityListOpenPayload
>({
  name: RESPONSIBILITY_LIST,
  version: 1,
  title: 'Responsibility list (责任清单)',
  description:
    "A unit's responsibility list for a year: drafted, signed by both the principal (主体责任) and the " +
    'supervisory (监督责任) responsible persons, published, its tasks carried out each by its own due ' +
    'date (overdue tasks flagged), a mid-year review, a year-end summary signed by both, archived.',
  machine: responsibilityListMachine,
  roles: RESPONSIBILITY_LIST_ROLES,
  open: {
    roles: ['officer', 'integration'],
    payload: ResponsibilityListOpenPayload,
    subjectKinds: ['organisation'],
  },
  events,
  deadlines,
  effectTypes: [],
  input,
  outcome: (context) => context.outcome,
  // what the indices count inside its cases (workflows/indices.tallies.ts)
  tallies: TALLIES.responsibilityList,
  effects: () => [],
  explainRefusal: refusalReason,
});
