import type { DeadlineEvent, Entry, Stamp, UserEvents } from './machine-events';
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
  'selfInspection',
] as const;
/**
 * The sources that are problems the unit found itself (自查/查摆), as against those others found
 * (an inspection tour, an audit, a decision, an assessment): what 单位查摆问题纠正率 counts.
 */
export const SELF_FOUND_SOURCES: readonly RectificationSource[] = ['selfInspection'];
export type RectificationSource = (typeof RECTIFICATION_SOURCES)[number];

/** A person by identity (`ref`: the sub of their account or their personnel number), name and post. */
export type Person = { ref: string; name: string; post?: string };

/** The unit's principal leader (主体责任), against whom an overdue rectification is escalated (倒查). */
export type UnitLeader = Person;

/** At most this many items on one case. */
export const MAX_ITEMS = 50;

/**
 * An item as the finding hands it over: what, who answers for it (by name), by when; and, when the
 * opener knows it, the identity of that person (`responsibleRef`). The plan names it otherwise.
 */
export type ItemInput = { description: string; responsible: string; dueAt: string; responsibleRef?: string };

/** The person answerable for an item, named by the plan (or ESCALATE, for a case migrated from version 1). */
export type ItemOwner = { itemId: number; ref: string; name: string; post?: string };

/** Who the rectification names besides the items' persons: what SUBMIT_PLAN (and ESCALATE) may add. */
export type Naming = { supervisor?: Person; owners?: ItemOwner[] };

/** The three sides a 倒查 reaches (2019 条例 Art 6–7: 主体责任, 监督责任, and the person directly responsible). */
export const REFERRAL_SIDES = ['principal', 'supervisor', 'itemOwner'] as const;
export type ReferralSide = (typeof REFERRAL_SIDES)[number];

/** Responsibility categories of the accountability procedure, as a 倒查 names them. */
export type ReferralResponsibility = 'mainLeadership' | 'direct';

/** One person a 倒查 reaches: an accountability case is opened against each, linked. */
export type Referred = Person & {
  sides: ReferralSide[];
  responsibility: ReferralResponsibility;
  /** The lapsed items this person answers for (empty for the principal and supervisor as such). */
  itemIds: number[];
};

/** A 倒查: when, why, about which lapsed items, and whom it reached. */
export type Referral = Entry<{
  reason: string;
  itemIds: number[];
  persons: Referred[];
  /** Notices and talks recorded by then: a later 倒查 needs a newer notice and talk. */
  notices: number;
  talks: number;
}>;

export type Item = ItemInput & {
  /** 1-based position in the opening list; what COMPLETE_ITEM and VERIFY name. */
  id: number;
  completedAt: string | null;
  evidenceRef: string | null;
  /** The identity of the responsible person, once the opener or the plan named it (version 2). */
  responsibleRef?: string;
  responsiblePost?: string;
  /** When the rolling item limit found this item past its due date; null while it is not. */
  overdueAt: string | null;
  /** Due dates the item had before a failed verification reopened it. */
  earlierDueAts: string[];
};

export type ReopenedItem = { itemId: number; newDueAt: string };

export type Payloads = {
  SUBMIT_PLAN: { plan: string } & Naming;
  APPROVE_PLAN: Record<string, never>;
  RETURN_PLAN: { reason: string };
  COMPLETE_ITEM: { itemId: number; evidenceRef: string };
  VERIFY: { passed: boolean; items?: ReopenedItem[]; notes?: string };
  RECORD_NOTICE: { noticeRef: string };
  RECORD_TALK: { summary: string };
  ESCALATE: { reason: string } & Naming;
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
  /** The supervisory responsible person (监督责任: the unit's discipline head), when the opener names one. */
  supervisor?: Person | null;
  /** Whether a lapse issues the 督办 notice by itself (the deployment's policy when the case opened). */
  autoNotice?: boolean;
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
  /**
   * Version 2 (absent on a case migrated from version 1 until the plan or ESCALATE names them): the
   * supervisory responsible person, the notice policy, and when the time limit for the plan passed.
   */
  supervisor?: Person | null;
  autoNotice?: boolean;
  planLapsedAt?: string | null;
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
  notices: Entry<{ noticeRef: string; auto?: true }>[];
  talks: Entry<{ summary: string }>[];
  /** The first accountability referral (倒查), once asked for (version 1: against the unit leader only). */
  referral: Entry<{ reason: string }> | null;
  /** Version 2: every 倒查, each reaching the principal, the supervisor and the lapsed items' persons. */
  referrals?: Referral[];
  verifications: Entry<{ passed: boolean; items: ReopenedItem[]; notes: string | null }>[];
  outcome: RectificationOutcome | null;
  closedAt: string | null;
};

/** For `implements PayloadOf<'VERIFY'>`. */
export type PayloadOf<K extends RectificationEventType> = Payloads[K];
