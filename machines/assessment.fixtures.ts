/* Sample inputs, events and snapshots for the assessment machine spec. */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { assessmentMachine } from './assessment.machine';
import type {
  AssessmentEvent,
  AssessmentEventType,
  AssessmentInput,
  DeadlineEvent,
  Payloads,
  Stage,
  UserEvent,
} from './assessment.types';

export type Snap = SnapshotFrom<typeof assessmentMachine>;

export const T0 = '2025-01-06T02:00:00.000Z';

/** T0 plus `days` days, as ISO. */
export function day(days: number): string {
  return new Date(Date.parse(T0) + days * 86_400_000).toISOString();
}

export const INDICATORS = [
  { code: 'keyTasks', weight: 30 },
  { code: 'departmentResponsibility', weight: 20 },
  { code: 'integrity', weight: 20 },
  { code: 'problemCorrection', weight: 15 },
  { code: 'publicApproval', weight: 15 },
];

export const scores = (...values: number[]) =>
  Object.fromEntries(INDICATORS.map(({ code }, i) => [code, values[i] ?? values[0]]));

export const INPUT: AssessmentInput = {
  title: 'Annual assessment 2025: Township Office 7',
  subject: { ref: 'unit-7', kind: 'organisation', name: 'Township Office 7' },
  year: 2025,
  unitLeader: { ref: 'p-77', name: 'Li Si', post: 'Party secretary' },
  supervisor: { ref: 'p-78', name: 'Zhou Qi', post: 'Discipline inspection secretary' },
  indicators: INDICATORS,
  bands: [
    { grade: 'excellent', min: 90 },
    { grade: 'good', min: 80 },
    { grade: 'pass', min: 60 },
    { grade: 'fail', min: 0 },
  ],
  linkedFrom: null,
  openedAt: T0,
  openedBy: 'assessment-office',
};

/** Sample payloads; dates fit the day each event is sent at by `ev` (day 1 unless said). */
export const SAMPLE: { [K in AssessmentEventType]: Payloads[K] } = {
  RECORD_MID_YEAR_CHECK: { summary: 'Half the key tasks done', findings: 'Canteen accounts unclear' },
  SUBMIT_SELF_ASSESSMENT: { report: 'All tasks met', scores: scores(90), evidenceRefs: ['EV-1', 'EV-2'] },
  RECORD_ON_SITE: {
    heldAt: day(1),
    scores: scores(80, 70, 90, 60, 100),
    approvalRate: 92.5,
    problems: [{ description: 'Canteen accounts unclear', responsible: 'Wang Wu', dueAt: day(60) }],
  },
  DECIDE_GRADE: { grade: 'good', basis: 'Weighted total 80' },
  DELIVER_FEEDBACK: { deliveredAt: day(1), feedback: 'Good; fix the canteen accounts' },
  APPLY_RESULTS: {
    results: [
      { kind: 'reward', what: 'Commended as a good unit in the county bulletin' },
      {
        kind: 'talk',
        people: [{ ref: 'p-77', name: 'Li Si', post: 'Party secretary' }],
        what: 'Talk on the canteen accounts',
      },
    ],
    fileRef: 'KH-2025-7',
  },
  NAME_SUPERVISOR: { supervisor: { ref: 'p-78', name: 'Zhou Qi', post: 'Discipline inspection secretary' } },
};

export const EVENT_TYPES = Object.keys(SAMPLE) as AssessmentEventType[];

export function ev<K extends AssessmentEventType>(
  type: K,
  payload: Payloads[K] = SAMPLE[type],
  at = day(1),
  actor = 'someone',
): AssessmentEvent {
  return { type, payload, at, actor } as UserEvent;
}

/** The timeout the engine sends when the time limit of `stage` (armed in the state of that name) falls due. */
export function timeout(stage: Stage, at = day(200)): DeadlineEvent {
  return { type: `xstate.after.${stage}.assessment.${stage}`, payload: {}, at, actor: 'system:deadline' };
}

export function start(input: AssessmentInput = INPUT): Snap {
  return initialTransition(assessmentMachine, input)[0];
}

export function send(s: Snap, ...events: AssessmentEvent[]): Snap {
  return events.reduce((acc, e) => transition(assessmentMachine, acc, e)[0], s);
}

/** Each stage reached by the sample events, all sent on day 1. */
export const onSite = () => send(start(), ev('SUBMIT_SELF_ASSESSMENT'));
export const grading = () => send(onSite(), ev('RECORD_ON_SITE'));
/** The sample on-site total (80) falls in the band good: another grade departs from it, with a reason. */
export const feedback = (grade: Payloads['DECIDE_GRADE']['grade'] = 'good') =>
  send(
    grading(),
    ev('DECIDE_GRADE', {
      grade,
      basis: 'b',
      ...(grade !== 'good' && { departureReason: 'Canteen funds misused' }),
    }),
  );
export const application = () => send(feedback(), ev('DELIVER_FEEDBACK'));
