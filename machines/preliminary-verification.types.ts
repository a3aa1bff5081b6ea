import type { DeadlineEvent, Entry, Stamp, UserEvents } from './machine-events';
/*
 * Preliminary verification (初步核实) of a clue, by the 2019 Rules on supervision and discipline
 * enforcement (监督执纪工作规则) Art 33–35: the shapes its machine, workflow and specs share.
 */

export type SubjectInput = {
  ref: string;
  kind: 'individual' | 'organisation';
  name: string;
  organisation?: string;
  post?: string;
};

/** Where the clue came from; `inquiry`: an inquiry (谈话函询) concluded that it needs verifying. */
export const SOURCES = [
  'inquiry',
  'report',
  'inspectionTour',
  'audit',
  'superiorInstruction',
  'other',
] as const;
export type Source = (typeof SOURCES)[number];

/** Responsibility categories (2019 Accountability Regulations Art 6), as the accountability case takes them. */
export const RESPONSIBILITIES = [
  'overallLeadership',
  'mainLeadership',
  'importantLeadership',
  'direct',
] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

/**
 * The outcomes (Art 35): referral to case review (立案审查), closed with no problem found (予以了结),
 * a reminder talk (谈话提醒), or referral to accountability (问责).
 */
export const OUTCOMES = ['toCaseReview', 'noProblem', 'reminderTalk', 'toAccountability'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The fewest members of a verification team (核查组不得少于2人). */
export const MIN_TEAM = 2;

/** A member of the verification team (核查组). */
export type TeamMember = { name: string };

export type Payloads = {
  APPROVE_START: { plan: string; team: TeamMember[] };
  RECORD_EVIDENCE: { description: string; obtainedAt: string };
  SUBMIT_REPORT: { findings: string; problemFound: boolean; proposal: Outcome };
  REFER_FOR_CASE_REVIEW: { reference: string; reason: string };
  CLOSE_NO_PROBLEM: { reason: string };
  ORDER_REMINDER_TALK: { reason: string };
  REFER_TO_ACCOUNTABILITY: { responsibility: Responsibility; reason: string };
};
export type VerificationEventType = keyof Payloads;
export type PayloadOf<K extends VerificationEventType> = Payloads[K];

export type UserEvent = UserEvents<Payloads>;
export type { DeadlineEvent, Entry, Stamp };
export type VerificationEvent = UserEvent | DeadlineEvent;

/** The event that decides each outcome. */
export const OUTCOME_EVENTS: Record<Outcome, VerificationEventType> = {
  toCaseReview: 'REFER_FOR_CASE_REVIEW',
  noProblem: 'CLOSE_NO_PROBLEM',
  reminderTalk: 'ORDER_REMINDER_TALK',
  toAccountability: 'REFER_TO_ACCOUNTABILITY',
};

export type VerificationInput = {
  title: string;
  subject: SubjectInput;
  clue: string;
  source: Source;
  linkedFrom?: { caseId: string; relation: string } | null;
  openedAt: string;
  openedBy?: string;
};

export type Decision = Entry<{
  outcome: Outcome;
  reason: string;
  reference?: string;
  responsibility?: Responsibility;
}>;

export type VerificationContext = {
  title: string;
  subject: SubjectInput;
  clue: string;
  source: Source;
  linkedFrom: { caseId: string; relation: string } | null;
  openedAt: string;
  openedBy: string | null;
  /** The leader's approval of the start, with the work plan and the verification team. */
  start: Entry<Payloads['APPROVE_START']> | null;
  evidence: Entry<Payloads['RECORD_EVIDENCE']>[];
  /** When the verification limit passed (the timeout's `at`); kept after the report. */
  overdueSince: string | null;
  /** `late`: submitted after the limit passed. */
  report: Entry<Payloads['SUBMIT_REPORT'] & { late: boolean }> | null;
  decision: Decision | null;
  outcome: Outcome | null;
  closedAt: string | null;
};
