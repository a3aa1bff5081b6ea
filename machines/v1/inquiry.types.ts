import type { DeadlineEvent, Entry, Stamp, UserEvents } from '../machine-events';
/*
 * Talk or letter of inquiry (谈话函询) about a clue concerning a cadre: the shapes its machine,
 * workflow and specs share.
 */

/** The subject a case is about (the shape the engine hands every workflow). */
export type SubjectInput = {
  ref: string;
  kind: 'individual' | 'organisation';
  name: string;
  organisation?: string;
  post?: string;
};

/** Where the clue came from. */
export const SOURCES = ['report', 'inspectionTour', 'audit', 'superiorInstruction', 'other'] as const;
export type Source = (typeof SOURCES)[number];

/** How the inquiry is made: a talk (谈话) or a letter (函询). */
export const METHODS = ['talk', 'letter'] as const;
export type Method = (typeof METHODS)[number];

/** How the inquiry is concluded (处置). */
export const CONCLUSIONS = ['cleared', 'reminder', 'criticism', 'formalWarning', 'escalated'] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];

/** Conclusions that only fit an individual (a measure on a person). */
export const INDIVIDUAL_ONLY: readonly Conclusion[] = ['formalWarning'];

export const OUTCOMES = ['declined', ...CONCLUSIONS] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Payloads by event type. Types (not interfaces) so they are assignable to Record<string, unknown>. */
export type Payloads = {
  APPROVE: { method: Method };
  DECLINE: { reason: string };
  RECORD_TALK: { heldAt: string; record: string };
  SEND_LETTER: { sentAt: string; letterRef: string };
  RECORD_REPLY: { receivedAt: string; summary: string };
  CONCLUDE: { conclusion: Conclusion; reason: string };
};
export type InquiryEventType = keyof Payloads;

/** For `implements PayloadOf<'CONCLUDE'>` (classes cannot implement an indexed access type). */
export type PayloadOf<K extends InquiryEventType> = Payloads[K];

export type UserEvent = UserEvents<Payloads>;
export type { DeadlineEvent, Entry, Stamp };

export type InquiryEvent = UserEvent | DeadlineEvent;

export type InquiryInput = {
  title: string;
  subject: SubjectInput;
  clue: string;
  source: Source;
  linkedFrom?: { caseId: string; relation: string } | null;
  openedAt: string;
  openedBy?: string;
};

export type InquiryContext = {
  title: string;
  subject: SubjectInput;
  clue: string;
  source: Source;
  linkedFrom: { caseId: string; relation: string } | null;
  openedAt: string;
  openedBy: string | null;
  /** The leader's approval and the method chosen. */
  approval: Entry<{ method: Method }> | null;
  declined: Entry<{ reason: string }> | null;
  talk: Entry<Payloads['RECORD_TALK']> | null;
  letter: Entry<Payloads['SEND_LETTER']> | null;
  /** `late`: the reply limit had passed when the reply was recorded. */
  reply: Entry<Payloads['RECORD_REPLY'] & { late: boolean }> | null;
  /** When the reply limit passed (the timeout's `at`); kept after the reply, for supervisors. */
  replyOverdueSince: string | null;
  conclusion: Entry<Payloads['CONCLUDE']> | null;
  outcome: Outcome | null;
  closedAt: string | null;
};
