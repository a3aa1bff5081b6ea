/* Sample events and snapshots for the machine and workflow specs and the end-to-end tests. */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { accountabilityMachine } from './accountability.machine';
import type {
  AccountabilityEvent,
  AccountabilityEventType,
  AccountabilityInput,
  DeadlineEvent,
  Payloads,
  UserEvent,
  UserEventType,
} from './accountability.types';
import { RECTIFICATION_RELATION } from './accountability.types';

export type Snap = SnapshotFrom<typeof accountabilityMachine>;

export const T0 = '2025-03-10T02:00:00.000Z';

/** T0 plus `days` days, as ISO. */
export function day(days: number): string {
  return new Date(Date.parse(T0) + days * 86_400_000).toISOString();
}

export const INPUT: AccountabilityInput = {
  title: 'Landslide at the county road works',
  subject: { ref: 'p-001', kind: 'individual', name: 'Zhang San', organisation: 'County Transport Bureau' },
  source: 'incident',
  facts: 'Slope collapsed after warnings were ignored',
  situation: 'seriousAccident',
  linkedFrom: null,
  openedAt: T0,
  openedBy: 'alice',
};

export const SAMPLE: { [K in AccountabilityEventType]: Payloads[K] } = {
  ACCEPT: {},
  PROPOSE_DECLINE: { reason: 'not within our remit' },
  APPROVE_DECLINE: {},
  SEND_ON: { to: 'acceptance', reason: 'the facts deserve another look' },
  MERGE: { disciplinaryCaseRef: 'DIS-2025-7' },
  RECORD_DISCIPLINARY_OUTCOME: {
    outcome: 'sanctioned',
    decidedAt: T0,
    measures: [{ type: 'partyDiscipline', detail: 'warning' }],
  },
  APPROVE_INVESTIGATION: {},
  DECIDE_DIRECTLY: { reason: 'facts established by the audit' },
  REJECT_INVESTIGATION: { reason: 'insufficient grounds' },
  RECORD_STATEMENT: { statement: 'I followed the instructions I was given' },
  WAIVE_STATEMENT: { reason: 'subject declined in writing' },
  EXTEND_INVESTIGATION: { days: 30, reason: 'expert report pending' },
  SUBMIT_REPORT: {
    findings: 'warnings ignored',
    responsibility: 'mainLeadership',
    situation: 'seriousAccident',
  },
  PROPOSE_OPINION: { measures: [{ type: 'formalWarning' }], mitigation: 'none', basis: '2019 Art 7(6)' },
  DECIDE: {
    decisionNo: 'D-2025-12',
    measures: [{ type: 'formalWarning', responsibility: 'mainLeadership' }],
    serious: false,
  },
  DECIDE_NO_ACCOUNTABILITY: { grounds: 'force majeure' },
  RETURN_FOR_INVESTIGATION: { reason: 'responsibility unclear' },
  TRANSFER: { to: 'judicial', reference: 'PROC-2025-3' },
  DELIVER: { deliveredAt: day(40), recipients: [{ kind: 'subject', name: 'Zhang San' }] },
  RECORD_EXECUTION: { completedAt: day(50), fileRef: 'FILE-88' },
  RECORD_SELF_REVIEW: { meeting: 'democraticLife', heldAt: day(45), summary: 'a self-review at the meeting' },
  RECORD_PUBLICATION: { where: 'county Party bulletin', publishedAt: day(45) },
  RECORD_FILING: {
    personalFileRef: 'PF-88',
    personnelDepartment: 'City Organisation Department',
    filedAt: day(50),
  },
  LINKED_CASE_CLOSED: { relation: RECTIFICATION_RELATION, workflow: 'rectification', outcome: 'rectified' },
  FILE_APPEAL: { grounds: 'the warning never reached me' },
  RESOLVE_APPEAL: { outcome: 'upheld' },
  CORRECT_DECISION: { reason: 'wrong procedure' },
  // `test-sub` is a unit below `test`, the unit of the test users.
  TRANSFER_JURISDICTION: { unitId: 'test-sub', reason: 'the subject works in the other county now' },
  TAKE_OVER: { unitId: 'test-sub', reason: 'designated by the higher organ' },
};

/** The events users send (LINKED_CASE_CLOSED comes only from the decision's rectification case). */
export const EVENT_TYPES = (Object.keys(SAMPLE) as AccountabilityEventType[]).filter(
  (t) => t !== 'LINKED_CASE_CLOSED',
);

/** The main road through the procedure, in order: a property test's `forward` step takes the first one the state accepts. */
export const MAIN_ROAD: UserEventType[] = [
  'ACCEPT',
  'APPROVE_INVESTIGATION',
  'RECORD_STATEMENT',
  'SUBMIT_REPORT',
  'PROPOSE_OPINION',
  'DECIDE',
  'DELIVER',
  'RECORD_EXECUTION',
  'RECORD_SELF_REVIEW',
  'RECORD_FILING',
  'FILE_APPEAL',
  'RESOLVE_APPEAL',
];

export const WITH_RECTIFICATION: Payloads['DECIDE'] = {
  ...SAMPLE.DECIDE,
  rectification: {
    requirement: 'install slope monitoring',
    dueAt: day(120),
    unit: { ref: 'ORG-TOWN-1', name: 'Town of Qinglong' },
    unitLeader: { ref: 'P-LI-4', name: 'Li Si', post: 'Party secretary' },
  },
};

/** A decision about an organisation: it names the responsible members of its leadership (2019 Art 8). */
export const ORGANISATION_DECIDE: Payloads['DECIDE'] = {
  decisionNo: 'D-2025-13',
  measures: [{ type: 'inspection' }],
  alsoInvestigate: [
    {
      subject: { ref: 'p-lead-1', kind: 'individual', name: 'Wang Wu', post: 'Director' },
      responsibility: 'mainLeadership',
    },
  ],
};

export function ev<K extends AccountabilityEventType>(
  type: K,
  payload: Payloads[K] = SAMPLE[type],
  // A delivery is recorded after it happened (SAMPLE.DELIVER is dated day 40).
  at = type === 'DELIVER' ? day(41) : day(1),
  actor = 'alice',
): UserEvent {
  return { type, payload, at, actor } as UserEvent;
}

/** The timeout event the engine sends when deadline `delay` of state `stateId` passes. */
export function timeout(delay: string, stateId: string, at = day(200)): DeadlineEvent {
  return { type: `xstate.after.${delay}.${stateId}`, payload: {}, at, actor: 'system:deadline' };
}

export function start(input: AccountabilityInput = INPUT): Snap {
  return initialTransition(accountabilityMachine, input)[0];
}

export function send(snapshot: Snap, ...events: AccountabilityEvent[]): Snap {
  return events.reduce((s, e) => transition(accountabilityMachine, s, e)[0], snapshot);
}

export const PATH = {
  pendingApproval: [ev('ACCEPT')],
  investigation: [ev('ACCEPT'), ev('APPROVE_INVESTIGATION')],
  preliminaryOpinion: [
    ev('ACCEPT'),
    ev('APPROVE_INVESTIGATION'),
    ev('RECORD_STATEMENT'),
    ev('SUBMIT_REPORT'),
  ],
  decision: [
    ev('ACCEPT'),
    ev('APPROVE_INVESTIGATION'),
    ev('RECORD_STATEMENT'),
    ev('SUBMIT_REPORT'),
    ev('PROPOSE_OPINION'),
  ],
};

export function at(name: keyof typeof PATH): Snap {
  return send(start(), ...PATH[name]);
}

export function notified(decide: Payloads['DECIDE'] = SAMPLE.DECIDE, input = INPUT): Snap {
  return send(start(input), ...PATH.decision, ev('DECIDE', decide, day(30)));
}

export function executing(decide: Payloads['DECIDE'] = WITH_RECTIFICATION): Snap {
  return send(notified(decide), ev('DELIVER', SAMPLE.DELIVER, day(41)));
}
