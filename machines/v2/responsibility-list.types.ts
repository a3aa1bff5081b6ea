import type { DeadlineEvent, Entry, Stamp, UserEvents } from '../machine-events';
/** The subject a case is about (the shape the engine hands every workflow); here the unit. */
export type SubjectInput = {
  ref: string;
  kind: 'individual' | 'organisation';
  name: string;
  organisation?: string;
  post?: string;
};

/**
 * A person named on the list: the principal (主体责任) or the supervisory (监督责任) responsible
 * person, or a task's responsible person. `ref` is their identity: the `sub` of their account, so
 * that only they can sign for their side (version 2).
 */
export type Person = { ref: string; name: string; post?: string };

/** The two sides that sign the list and its year-end summary. */
export const SIDES = ['principal', 'supervisor'] as const;
export type Side = (typeof SIDES)[number];

/**
 * A task as drafted: what is to be done, by whom, by when; optionally the department it concerns and
 * the leader who oversees that department (分管领导), for the overseen departments' responsibility rate.
 */
export type TaskDraft = {
  title: string;
  owner: string;
  dueAt: string;
  department?: string;
  leader?: string;
  /** Version 2: the person answerable for the task (a 倒查 reaches them), its work standard (工作标准),
   * safeguards (保障措施) and the supervising body (监督主体). Absent on tasks of version 1. */
  responsible?: Person;
  standard?: string;
  safeguards?: string;
  supervisedBy?: string;
};

/** A task of the list while it is carried out. Ids are `t1`, `t2`, … in the order of the draft. */
export type Task = TaskDraft & {
  id: string;
  completedAt: string | null;
  completedBy: string | null;
  evidenceRef: string | null;
  /** When the task's due date passed while it was open (the timeout's `at`); null while it has not. */
  overdueAt: string | null;
};

/** `signedBy`: the name of the person who signed; `opinion`: their review opinion (审阅意见, version 2). */
export type Signature = { as: Side; signedBy: string; opinion?: string } & Stamp;
export type Signatures = Record<Side, Signature | null>;
/** Why an overdue task is not done, given with the year-end summary. */
export type Explanation = { taskId: string; explanation: string };
export type Summary = { summary: string; explanations?: Explanation[] } & Stamp;

/** A task person the officer names at a 倒查 for a task of a list migrated from version 1. */
export type TaskOwner = { taskId: string; ref: string; name: string; post?: string };

/** One person a 倒查 of overdue tasks reaches: an accountability case is opened against each, linked. */
export type ListReferred = Person & {
  sides: ('principal' | 'taskOwner')[];
  responsibility: 'mainLeadership' | 'direct';
  taskIds: string[];
};
export type ListReferral = Entry<{
  reason: string;
  taskIds: string[];
  persons: ListReferred[];
  notices: number;
}>;

/** Payloads by event type. Types (not interfaces) so they are assignable to Record<string, unknown>. */
export type Payloads = {
  REVISE_TASKS: { tasks: TaskDraft[] };
  /** Version 2: the side and the review opinion; who signs is the signed-in person (event.actor). */
  SIGN: { as: Side; opinion: string };
  PUBLISH: Record<string, never>;
  COMPLETE_TASK: { taskId: string; evidenceRef: string };
  MID_YEAR_REVIEW: { summary: string };
  YEAR_END_SUMMARY: { summary: string; explanations?: Explanation[] };
  SIGN_SUMMARY: { as: Side; opinion: string };
  ARCHIVE: Record<string, never>;
  RECORD_NOTICE: { noticeRef: string };
  ESCALATE: { reason: string; owners?: TaskOwner[] };
};
export type ResponsibilityListEventType = keyof Payloads;

export type UserEvent = UserEvents<Payloads>;
export type { DeadlineEvent, Entry, Stamp };

export type ResponsibilityListEvent = UserEvent | DeadlineEvent;

export type ResponsibilityListInput = {
  title: string;
  subject: SubjectInput;
  year: number;
  principal: Person;
  supervisor: Person;
  tasks: TaskDraft[];
  /** Whether a task's lapse issues the 督办 notice by itself (the deployment's policy at opening). */
  autoNotice?: boolean;
  openedAt: string;
  openedBy: string;
};

export type ResponsibilityListContext = Omit<ResponsibilityListInput, 'tasks'> & {
  tasks: Task[];
  /** How many times the draft's tasks were revised before signing. */
  revisions: number;
  signatures: Signatures;
  publishedAt: string | null;
  midYearReview: Summary | null;
  yearEndSummary: Summary | null;
  summarySignatures: Signatures;
  archivedAt: string | null;
  outcome: 'archived' | null;
  /** Version 2 (absent on a list migrated from version 1): 督办 notices and 倒查 of overdue tasks. */
  notices?: Entry<{ noticeRef: string; auto?: true }>[];
  referrals?: ListReferral[];
};
