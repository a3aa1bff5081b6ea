import type { DeadlineEvent, Entry, Stamp, UserEvents } from '../machine-events';
/** The subject a case is about (the shape the engine hands every workflow); here the unit. */
export type SubjectInput = {
  ref: string;
  kind: 'individual' | 'organisation';
  name: string;
  organisation?: string;
  post?: string;
};

/** A person named on the list: the principal (主体责任) or the supervisory (监督责任) responsible person. */
export type Person = { ref: string; name: string; post?: string };

/** The two sides that sign the list and its year-end summary. */
export const SIDES = ['principal', 'supervisor'] as const;
export type Side = (typeof SIDES)[number];

/**
 * A task as drafted: what is to be done, by whom, by when; optionally the department it concerns and
 * the leader who oversees that department (分管领导), for the overseen departments' responsibility rate.
 */
export type TaskDraft = { title: string; owner: string; dueAt: string; department?: string; leader?: string };

/** A task of the list while it is carried out. Ids are `t1`, `t2`, … in the order of the draft. */
export type Task = TaskDraft & {
  id: string;
  completedAt: string | null;
  completedBy: string | null;
  evidenceRef: string | null;
  /** When the task's due date passed while it was open (the timeout's `at`); null while it has not. */
  overdueAt: string | null;
};

export type Signature = { as: Side; signedBy: string } & Stamp;
export type Signatures = Record<Side, Signature | null>;
export type Summary = { summary: string } & Stamp;

/** Payloads by event type. Types (not interfaces) so they are assignable to Record<string, unknown>. */
export type Payloads = {
  REVISE_TASKS: { tasks: TaskDraft[] };
  SIGN: { as: Side; signedBy: string };
  PUBLISH: Record<string, never>;
  COMPLETE_TASK: { taskId: string; evidenceRef: string };
  MID_YEAR_REVIEW: { summary: string };
  YEAR_END_SUMMARY: { summary: string };
  SIGN_SUMMARY: { as: Side; signedBy: string };
  ARCHIVE: Record<string, never>;
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
};
