import type { DeadlineEvent, Entry, Stamp, UserEvents } from './machine-events';
/*
 * Talk or letter of inquiry (谈话函询) about a clue concerning a cadre, version 2 (the 2019 Rules on
 * supervision and discipline enforcement, Art 28–30): the shapes its machine, workflow and specs share.
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

/**
 * How the inquiry is concluded (处置, 2019 Rules Art 30): 采信了结, 谈话提醒, 批评教育, 责令检查, 诫勉, or
 * 转初步核实 (a problem that needs checking goes to preliminary verification, never straight to
 * accountability). A second letter (再次函询) is not a conclusion: the case goes round (ASK_AGAIN).
 */
export const CONCLUSIONS = [
  'cleared',
  'reminder',
  'criticism',
  'selfExamination',
  'formalWarning',
  'toVerification',
] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];

/** Conclusions that only fit an individual (a measure on a person). */
export const INDIVIDUAL_ONLY: readonly Conclusion[] = ['formalWarning'];

export const OUTCOMES = ['declined', ...CONCLUSIONS] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The signed opinion of the principal leader of the subject's Party committee (签署意见) on a reply. */
export type Endorsement = { name: string; post: string; opinion: string };

/** Payloads by event type. Types (not interfaces) so they are assignable to Record<string, unknown>. */
export type Payloads = {
  APPROVE: { method: Method };
  DECLINE: { reason: string };
  RECORD_TALK: { heldAt: string; record: string };
  SEND_LETTER: { sentAt: string; letterRef: string };
  RECORD_LETTER_RECEIVED: { receivedAt: string };
  RECORD_REPLY: {
    receivedAt: string;
    summary: string;
    /** Whether the reply denies a concrete allegation of the clue (then a second letter may be sent). */
    deniesAllegation: boolean;
    endorsement: Endorsement;
  };
  ASK_AGAIN: { reason: string };
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

/** One letter of inquiry: sent, received by the subject, replied to. */
export type Letter = Entry<Payloads['SEND_LETTER']> & {
  /** When the subject received the letter: the reply limit runs from here. */
  receipt: Entry<Payloads['RECORD_LETTER_RECEIVED']> | null;
};

/** A reply; `late`: received (its receivedAt) after the reply limit had passed. */
export type Reply = Entry<Payloads['RECORD_REPLY'] & { late: boolean }>;

/** A letter round that was followed by another (再次函询), kept for the record. */
export type Round = {
  letter: Letter;
  reply: Reply | null;
  replyOverdueSince: string | null;
  /** When that round's report limit passed, if it did. */
  reportOverdueSince: string | null;
  askedAgain: Entry<Payloads['ASK_AGAIN']>;
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
  /** The current letter (a second letter replaces it; the earlier one moves to `rounds`). */
  letter: Letter | null;
  reply: Reply | null;
  /** When the current letter's reply limit passed (the timeout's `at`, its due time); kept after the reply. */
  replyOverdueSince: string | null;
  /** Earlier letter rounds, oldest first. */
  rounds: Round[];
  /** When the one-month limit for the report on the talk or reply passed; kept after the conclusion. */
  reportOverdueSince: string | null;
  conclusion: Entry<Payloads['CONCLUDE'] & { late: boolean }> | null;
  outcome: Outcome | null;
  closedAt: string | null;
};
