import type { DeadlineEvent, Entry, Stamp, UserEvents } from '../machine-events';
/*
 * Types of the rectification follow-up (整改督办): findings of an inspection tour, an audit, an
 * accountability decision or an assessment, handed to a unit as items with their own due dates.
 */

/** The subject a case is about (the shape the engine hands every workflow). */
export type SubjectInput = {
  ref: string;
  kind: 'individual' | 'organisation';
  name: string;
  organisation?: string;
  post?: string;
};

export const RECTIFICATION_SOURCES = [
  'inspectionTour',
  'audit',
  'accountabilityDecision',
  'assessment',
  'other',
] as const;
export type RectificationSource = (typeof RECTIFICATION_SOURCES)[number];

/** The unit's principal leader, against whom an overdue rectification is escalated (倒查). */
export type UnitLeader = { ref: string; name: string; post?: string };

/** At most this many items on one case. */
export const MAX_ITEMS = 50;

export type ItemInput = { description: string; responsible: string; dueAt: string };

export type Item = ItemInput & {
  /** 1-based position in the opening list; what COMPLETE_ITEM and VERIFY name. */
  id: number;
  completedAt: string | null;
  evidenceRef: string | null;
  /** When the rolling item limit found this item past its due date; null while it is not. */
  overdueAt: string | null;
  /** Due dates the item had before a failed verification reopened it. */
  earlierDueAts: string[];
};

export type ReopenedItem = { itemId: number; newDueAt: string };

export type Payloads = {
  SUBMIT_PLAN: { plan: string };
  APPROVE_PLAN: Record<string, never>;
  RETURN_PLAN: { reason: string };
  COMPLETE_ITEM: { itemId: number; evidenceRef: string };
  VERIFY: { passed: boolean; items?: ReopenedItem[]; notes?: string };
  RECORD_NOTICE: { noticeRef: string };
  RECORD_TALK: { summary: string };
  ESCALATE: { reason: string };
};
export type RectificationEventType = keyof Payloads;

export type UserEvent = UserEvents<Payloads>;
export type { DeadlineEvent, Entry, Stamp };

export type RectificationEvent = UserEvent | DeadlineEvent;

export type RectificationInput = {
  title: string;
  subject: SubjectInput;
  source: RectificationSource;
  unitLeader: UnitLeader;
  items: ItemInput[];
  linkedFrom?: { caseId: string; relation: string } | null;
  openedAt: string;
  openedBy: string;
};

export type RectificationOutcome = 'rectified';

export type RectificationContext = {
  title: string;
  subject: SubjectInput;
  source: RectificationSource;
  unitLeader: UnitLeader;
  items: Item[];
  linkedFrom: { caseId: string; relation: string } | null;
  openedAt: string;
  openedBy: string;
  /** Plans submitted, the last one in force once approved. */
  plans: Entry<{ plan: string }>[];
  planApproved: Stamp | null;
  planReturns: Entry<{ reason: string }>[];
  /** Every time the rolling item limit fired, with the items it found overdue. */
  lapses: { at: string; itemIds: number[] }[];
  /** 督办 notices and talks with the unit (约谈) during the current escalation. */
  notices: Entry<{ noticeRef: string }>[];
  talks: Entry<{ summary: string }>[];
  /** The accountability referral (倒查) against the unit leader, once asked for. */
  referral: Entry<{ reason: string }> | null;
  verifications: Entry<{ passed: boolean; items: ReopenedItem[]; notes: string | null }>[];
  outcome: RectificationOutcome | null;
  closedAt: string | null;
};

/** For `implements PayloadOf<'VERIFY'>`. */
export type PayloadOf<K extends RectificationEventType> = Payloads[K];
