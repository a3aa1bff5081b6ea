import type { DeadlineEvent, Entry, Stamp, UserEvents } from '../machine-events';
/** The subject a case is about (the shape the engine hands every workflow). */
export type SubjectInput = {
  ref: string;
  kind: 'individual' | 'organisation';
  name: string;
  organisation?: string;
  post?: string;
};

export const MEASURE_TYPES = [
  'notice',
  'formalWarning',
  'writtenSelfCriticism',
  'organisationalHandling',
  'partyDiscipline',
  'governmentAccountability',
  'inspection',
  'reorganisation',
] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];

/** Measure types that require a `detail`, and the details each allows. */
export const MEASURE_DETAILS = {
  organisationalHandling: ['suspension', 'reassignment', 'orderedResignation', 'demotion', 'removal'],
  // Probation (留党察看) is for one or two years: its length decides the impact period.
  partyDiscipline: [
    'warning',
    'seriousWarning',
    'removalFromPost',
    'probationOneYear',
    'probationTwoYears',
    'expulsion',
  ],
  // The 2009 Interim Provisions' regime for government leading cadres (Art 7).
  governmentAccountability: [
    'publicApology',
    'suspension',
    'resignationForBlame',
    'orderedResignation',
    'removal',
  ],
} as const satisfies Partial<Record<MeasureType, readonly string[]>>;

/** Which measures may be taken against which kind of subject (DESIGN.md, "Subjects"). */
export const MEASURES_BY_SUBJECT_KIND: Record<SubjectInput['kind'], readonly MeasureType[]> = {
  individual: [
    'notice',
    'formalWarning',
    'writtenSelfCriticism',
    'organisationalHandling',
    'partyDiscipline',
    'governmentAccountability',
  ],
  organisation: ['inspection', 'notice', 'reorganisation'],
};

export const RESPONSIBILITIES = [
  'overallLeadership',
  'mainLeadership',
  'importantLeadership',
  'direct',
] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

export const MITIGATIONS = ['none', 'lighter', 'reduced', 'heavier', 'exempt'] as const;
export type Mitigation = (typeof MITIGATIONS)[number];

export const TRANSFER_TARGETS = ['discipline', 'judicial'] as const;
export const APPEAL_OUTCOMES = ['upheld', 'amended', 'revoked'] as const;
/** The decision taken after the formal disciplinary review a case was merged into (2019 Art 9). */
export const DISCIPLINARY_OUTCOMES = ['sanctioned', 'noSanction'] as const;
export const RECIPIENT_KINDS = [
  'subject',
  'organisation',
  'personalFile',
  'personnelDepartment',
  'other',
] as const;

export const DEADLINE_KINDS = [
  'investigation',
  'delivery',
  'execution',
  'appealWindow',
  'appealReview',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const OUTCOMES = [
  'declined',
  'merged',
  'rejected',
  'noAccountability',
  'transferred',
  'accountable',
  'revoked',
  'corrected',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A person named by ref, name and post. */
export type Person = { ref: string; name: string; post?: string };

/** A decision's order to rectify by a date, handed to a rectification case of its own. */
export type RectificationOrder = {
  requirement: string;
  dueAt: string;
  /** The unit that rectifies: the subject itself when it is an organisation, named for an individual. */
  unit?: { ref: string; name: string };
  /** That unit's principal leader, referred for accountability if the rectification lapses (倒查). */
  unitLeader: Person;
};

/** The relation of the rectification case a decision opens (整改), as its link and its report back name it. */
export const RECTIFICATION_RELATION = 'rectificationOrder';

/** What a linked case reports when it closes. */
export type LinkedCaseClosed = { relation: string; workflow: string; outcome: string };

export type Measure = { type: MeasureType; detail?: string; responsibility?: Responsibility };
export type Recipient = { kind: (typeof RECIPIENT_KINDS)[number]; name: string };
export type AlsoInvestigate = { subject: SubjectInput; responsibility: Responsibility; title?: string };

/** Payloads by event type. Types (not interfaces) so they are assignable to Record<string, unknown>. */
export type Payloads = {
  ACCEPT: Record<string, never>;
  DECLINE: { reason: string };
  MERGE: { disciplinaryCaseRef: string; alsoInvestigate?: AlsoInvestigate[] };
  RECORD_DISCIPLINARY_OUTCOME: {
    outcome: (typeof DISCIPLINARY_OUTCOMES)[number];
    decidedAt: string;
    measures?: Measure[];
  };
  APPROVE_INVESTIGATION: Record<string, never>;
  DECIDE_DIRECTLY: { reason: string };
  REJECT_INVESTIGATION: { reason: string };
  RECORD_STATEMENT: { statement: string };
  WAIVE_STATEMENT: { reason: string };
  EXTEND_INVESTIGATION: { days: number; reason: string };
  SUBMIT_REPORT: { findings: string; responsibility: Responsibility; situation: string };
  PROPOSE_OPINION: { measures: Measure[]; mitigation: Mitigation; basis: string };
  DECIDE: {
    decisionNo: string;
    measures: Measure[];
    rectification?: RectificationOrder;
    alsoInvestigate?: AlsoInvestigate[];
    /** Also transferred to the discipline or judicial track: measures and transfer do not replace each other. */
    transfer?: { to: (typeof TRANSFER_TARGETS)[number]; reference: string };
  };
  DECIDE_NO_ACCOUNTABILITY: { grounds: string };
  RETURN_FOR_INVESTIGATION: { reason: string };
  TRANSFER: { to: (typeof TRANSFER_TARGETS)[number]; reference: string; alsoInvestigate?: AlsoInvestigate[] };
  DELIVER: { deliveredAt: string; recipients: Recipient[] };
  RECORD_EXECUTION: { completedAt: string; fileRef: string };
  /** Sent by a case this one opened, never by a user: e.g. the rectification case verified. */
  LINKED_CASE_CLOSED: LinkedCaseClosed;
  FILE_APPEAL: { grounds: string };
  RESOLVE_APPEAL: { outcome: (typeof APPEAL_OUTCOMES)[number]; measures?: Measure[] };
  CORRECT_DECISION: { reason: string };
  TRANSFER_JURISDICTION: { unitId: string; reason: string };
  TAKE_OVER: { unitId: string; reason: string };
};
export type AccountabilityEventType = keyof Payloads;
/** The events users send; LINKED_CASE_CLOSED comes only from a linked case. */
export type UserEventType = Exclude<AccountabilityEventType, 'LINKED_CASE_CLOSED'>;

export type UserEvent = UserEvents<Payloads>;
export type { DeadlineEvent, Entry, Stamp };

export type AccountabilityEvent = UserEvent | DeadlineEvent;

export type AccountabilityInput = {
  title: string;
  subject: SubjectInput;
  source: string;
  facts?: string | null;
  situation?: string | null;
  linkedFrom?: { caseId: string; relation: string } | null;
  /** The responsibility given when another case opened this one (一案双查). */
  responsibility?: Responsibility | null;
  openedAt: string;
  openedBy?: string;
};

export type AccountabilityContext = {
  title: string;
  subject: SubjectInput;
  source: string;
  facts: string | null;
  situation: string | null;
  linkedFrom: { caseId: string; relation: string } | null;
  responsibility: Responsibility | null;
  openedAt: string;
  openedBy: string | null;
  accepted: Stamp | null;
  mergedInto: string | null;
  /** Recorded after the disciplinary review the case was merged into. */
  disciplinaryOutcome: Entry<Payloads['RECORD_DISCIPLINARY_OUTCOME']> | null;
  /** Who started the investigation or took the fast path, and how. */
  approval: Entry<{ path: 'investigation' | 'direct' }> | null;
  /** Statements heard (陈述申辩) and waivers; any entry satisfies the hearing requirement. */
  statements: Entry<{ kind: 'statement' | 'waiver'; text: string }>[];
  /** `startedAt` is the start of the current round; extensions of earlier rounds are kept. */
  investigation: {
    startedAt: string;
    extensions: Entry<{ days: number; reason: string }>[];
  } | null;
  report: Entry<Payloads['SUBMIT_REPORT']> | null;
  opinion: Entry<Payloads['PROPOSE_OPINION']> | null;
  decision: Entry<{
    decisionNo: string;
    measures: Measure[];
    alsoInvestigate: AlsoInvestigate[];
  }> | null;
  /** By TRANSFER (the case closes) or with DECIDE (the case goes on with its measures). */
  transfer: Entry<Payloads['TRANSFER']> | null;
  delivery: Entry<Payloads['DELIVER']> | null;
  execution: Entry<Payloads['RECORD_EXECUTION']> | null;
  /**
   * The decision's rectification order (限期整改), followed up by a rectification case of its own,
   * opened with the decision; `closed` when that case reported back.
   */
  rectification: (RectificationOrder & { closed: Entry<LinkedCaseClosed> | null }) | null;
  appeal: {
    filed: Entry<{ grounds: string }> | null;
    resolution: Entry<Payloads['RESOLVE_APPEAL']> | null;
    windowClosedAt: string | null;
  };
  /** Current overdue flags, kind → due time; cleared when that deadline is re-armed. */
  overdue: Partial<Record<DeadlineKind, string>>;
  /** Every deadline that ever passed, for supervisors. */
  lapses: { kind: DeadlineKind; at: string }[];
  /** Moves between handling units (移送管辖, 提级管辖): the engine holds the current unit. */
  jurisdiction: Entry<{ kind: 'transfer' | 'takeOver'; unitId: string; reason: string }>[];
  /** Free-text reasons given with DECLINE, DECIDE_DIRECTLY, REJECT_…, RETURN_…, CORRECT_… */
  reasons: Entry<{ type: AccountabilityEventType; text: string }>[];
  outcome: Outcome | null;
  closedAt: string | null;
};

/** For `implements PayloadOf<'DECIDE'>` (classes cannot implement an indexed access type). */
export type PayloadOf<K extends AccountabilityEventType> = Payloads[K];
