import type { DeadlineEvent, Entry, Stamp, UserEvents } from '../machine-events';
/*
 * Types of the annual assessment of a unit's two responsibilities (年度考核): an indicator plan with
 * weights, the unit's self-assessment, an optional mid-year check, the on-site assessment, the grade
 * decided by the committee, the feedback to the unit and the results applied.
 */

/** The subject a case is about (the shape the engine hands every workflow); here the assessed unit. */
export type SubjectInput = {
  ref: string;
  kind: 'individual' | 'organisation';
  name: string;
  organisation?: string;
  post?: string;
};

export const GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export type Grade = (typeof GRADES)[number];

/** The unit's principal leader, against whom a failed assessment is pursued (倒查). */
export type UnitLeader = { ref: string; name: string; post?: string };

/** One indicator of the plan: its code and its weight (the weights of a plan add up to 100). */
export type Indicator = { code: string; weight: number };

/** A score from 0 to 100 per indicator code. */
export type Scores = Record<string, number>;

/** At most this many problems from one on-site assessment (they become one rectification case's items). */
export const MAX_PROBLEMS = 50;

/** A problem found on site, to be rectified by the unit by its due date. */
export type Problem = { description: string; responsible: string; dueAt: string };

export type Payloads = {
  RECORD_MID_YEAR_CHECK: { summary: string; findings?: string };
  SUBMIT_SELF_ASSESSMENT: { report: string; scores: Scores; evidenceRefs: string[] };
  RECORD_ON_SITE: {
    heldAt: string;
    scores: Scores;
    /** The survey's approval rate (群众认可率), in percent. */
    approvalRate: number;
    problems?: Problem[];
    notes?: string;
  };
  DECIDE_GRADE: { grade: Grade; basis: string };
  DELIVER_FEEDBACK: { deliveredAt: string; feedback: string };
  APPLY_RESULTS: { application: string; fileRef: string };
};
export type AssessmentEventType = keyof Payloads;

export type UserEvent = UserEvents<Payloads>;
export type { DeadlineEvent, Entry, Stamp };

export type AssessmentEvent = UserEvent | DeadlineEvent;

export type AssessmentInput = {
  title: string;
  subject: SubjectInput;
  year: number;
  unitLeader: UnitLeader;
  indicators: Indicator[];
  linkedFrom?: { caseId: string; relation: string } | null;
  openedAt: string;
  openedBy: string;
};

/** The stages with a time limit; each limit's delay has the stage's name. */
export const STAGES = ['selfAssessment', 'onSite', 'grading', 'feedback', 'application'] as const;
export type Stage = (typeof STAGES)[number];

export type AssessmentOutcome = Grade;

export type AssessmentContext = {
  title: string;
  subject: SubjectInput;
  year: number;
  unitLeader: UnitLeader;
  indicators: Indicator[];
  linkedFrom: { caseId: string; relation: string } | null;
  openedAt: string;
  openedBy: string;
  midYearCheck: Entry<{ summary: string; findings: string | null }> | null;
  selfAssessment: Entry<{ report: string; scores: Scores; total: number; evidenceRefs: string[] }> | null;
  onSite: Entry<{
    heldAt: string;
    scores: Scores;
    total: number;
    approvalRate: number;
    problems: Problem[];
    notes: string | null;
  }> | null;
  grade: Entry<{ grade: Grade; basis: string }> | null;
  feedback: Entry<{ deliveredAt: string; feedback: string }> | null;
  application: Entry<{ application: string; fileRef: string }> | null;
  /** Every stage whose time limit passed before its work was done, with when. */
  lapses: { stage: Stage; at: string }[];
  outcome: AssessmentOutcome | null;
  closedAt: string | null;
};

/** For `implements PayloadOf<'DECIDE_GRADE'>`. */
export type PayloadOf<K extends AssessmentEventType> = Payloads[K];
