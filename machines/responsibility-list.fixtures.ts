/* Sample events and snapshots for the responsibility list's machine spec and end-to-end tests. */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { responsibilityListMachine } from './responsibility-list.machine';
import type {
  DeadlineEvent,
  Payloads,
  ResponsibilityListEvent,
  ResponsibilityListEventType,
  ResponsibilityListInput,
  TaskDraft,
  UserEvent,
} from './responsibility-list.types';

export type Snap = SnapshotFrom<typeof responsibilityListMachine>;

export const T0 = '2025-01-06T02:00:00.000Z';

/** T0 plus `days` days, as ISO. */
export function day(days: number): string {
  return new Date(Date.parse(T0) + days * 86_400_000).toISOString();
}

/** What version 2 requires of a task besides its title, owner and due date. */
export function detailed(title: string, owner: string, dueAt: string, ref = `r-${owner}`): TaskDraft {
  return {
    title,
    owner,
    dueAt,
    responsible: { ref, name: owner },
    standard: `${title}: done and documented`,
    safeguards: 'Budget and staff assigned',
    supervisedBy: 'Discipline inspection group',
  };
}

export const INPUT: ResponsibilityListInput = {
  title: 'County Transport Bureau: responsibility list 2025',
  subject: { ref: 'org-transport', kind: 'organisation', name: 'County Transport Bureau' },
  year: 2025,
  // Named by the `sub` of their accounts: only they sign their sides (version 2).
  principal: { ref: 'sun.wei', name: 'Sun Wei', post: 'Party secretary' },
  supervisor: { ref: 'zhou.lan', name: 'Zhou Lan', post: 'Head of the discipline inspection group' },
  tasks: [
    detailed('Study sessions on the eight-point rules', 'Party office', day(30), 'liu.office'),
    detailed('Audit of road-works procurement', 'Finance section', day(90), 'qian.finance'),
    detailed('Integrity talks with section heads', 'Party secretary', day(90), 'sun.wei'),
  ],
  autoNotice: false,
  openedAt: T0,
  openedBy: 'wang.fang',
};

/** Signers: distinct persons for the two sides. */
export const PRINCIPAL = 'sun.wei';
export const DISCIPLINE_HEAD = 'zhou.lan';

export const SAMPLE: { [K in ResponsibilityListEventType]: Payloads[K] } = {
  REVISE_TASKS: {
    tasks: [...INPUT.tasks, detailed('Rectify audit findings', 'Office', day(200))],
  },
  SIGN: { as: 'principal', opinion: 'Read and agreed' },
  PUBLISH: {},
  COMPLETE_TASK: { taskId: 't1', evidenceRef: 'DOC-2025-01' },
  CHECK_TASK: { taskId: 't1', met: true, note: 'Minuted monthly, as the standard asks' },
  MID_YEAR_REVIEW: { summary: 'Two of three tasks on schedule' },
  YEAR_END_SUMMARY: { summary: 'All tasks done; procurement audit late' },
  SIGN_SUMMARY: { as: 'principal', opinion: 'Read and agreed' },
  ARCHIVE: {},
  RECORD_NOTICE: { noticeRef: 'DB-2025-7' },
  ESCALATE: { reason: 'Still not done after the notice' },
};

export const EVENT_TYPES = Object.keys(SAMPLE) as ResponsibilityListEventType[];

export function ev<K extends ResponsibilityListEventType>(
  type: K,
  payload: Payloads[K] = SAMPLE[type],
  at = day(1),
  actor = 'wang.fang',
): UserEvent {
  return { type, payload, at, actor } as UserEvent;
}

export const sign = (
  as: 'principal' | 'supervisor',
  actor = as === 'principal' ? PRINCIPAL : DISCIPLINE_HEAD,
) => ev('SIGN', { as, opinion: `Reviewed by the ${as} side` }, day(2), actor);

export const signSummary = (
  as: 'principal' | 'supervisor',
  actor = as === 'principal' ? PRINCIPAL : DISCIPLINE_HEAD,
) => ev('SIGN_SUMMARY', { as, opinion: `Summary reviewed by the ${as} side` }, day(360), actor);

export const complete = (taskId: string, at = day(10)) =>
  ev('COMPLETE_TASK', { taskId, evidenceRef: `DOC-${taskId}` }, at, 'task.owner');

export const TRACKING_ON_TRACK = 'responsibilityList.inProgress.onTrack.tracking';
export const TRACKING_BEHIND = 'responsibilityList.inProgress.behind.tracking';

/** The timeout the engine sends when the `taskDue` limit armed in state `stateId` passes, at its due time. */
export function timeout(stateId: string, at: string): DeadlineEvent {
  return { type: `xstate.after.taskDue.${stateId}`, payload: {}, at, actor: 'system:deadline' };
}

export function start(input: ResponsibilityListInput = INPUT): Snap {
  return initialTransition(responsibilityListMachine, input)[0];
}

export function send(snapshot: Snap, ...events: ResponsibilityListEvent[]): Snap {
  return events.reduce((s, e) => transition(responsibilityListMachine, s, e)[0], snapshot);
}

/** Signed by both and published: the tasks are running. */
export function published(input: ResponsibilityListInput = INPUT): Snap {
  return send(start(input), sign('principal'), sign('supervisor'), ev('PUBLISH', {}, day(3)));
}
