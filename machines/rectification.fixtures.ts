/* Sample inputs, events and snapshots for the rectification machine spec. */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { rectificationMachine } from './rectification.machine';
import type {
  DeadlineEvent,
  Payloads,
  RectificationEvent,
  RectificationEventType,
  RectificationInput,
  UserEvent,
} from './rectification.types';

export type Snap = SnapshotFrom<typeof rectificationMachine>;

export const T0 = '2025-03-10T02:00:00.000Z';

/** T0 plus `days` days, as ISO. */
export function day(days: number): string {
  return new Date(Date.parse(T0) + days * 86_400_000).toISOString();
}

/** Three items due on days 10, 20 and 30. */
export const INPUT: RectificationInput = {
  title: 'Canteen funds used for banquets',
  subject: { ref: 'unit-7', kind: 'organisation', name: 'Township Office 7' },
  source: 'inspectionTour',
  unitLeader: { ref: 'p-77', name: 'Li Si', post: 'Party secretary' },
  supervisor: { ref: 's-77', name: 'Zhou Lan', post: 'Discipline inspection head' },
  autoNotice: false,
  items: [
    { description: 'Repay the banquet costs', responsible: 'Wang Wu', responsibleRef: 'o-1', dueAt: day(10) },
    { description: 'Adopt canteen rules', responsible: 'Zhao Liu', responsibleRef: 'o-2', dueAt: day(20) },
    { description: 'Train the staff', responsible: 'Sun Qi', responsibleRef: 'o-3', dueAt: day(30) },
  ],
  linkedFrom: null,
  openedAt: T0,
  openedBy: 'integration-bot',
};

export const SAMPLE: { [K in RectificationEventType]: Payloads[K] } = {
  SUBMIT_PLAN: { plan: 'Repay by March, rules by April, training by May' },
  APPROVE_PLAN: {},
  RETURN_PLAN: { reason: 'no dates in the plan' },
  COMPLETE_ITEM: { itemId: 1, evidenceRef: 'EV-1' },
  VERIFY: { passed: true },
  RECORD_NOTICE: { noticeRef: 'DB-2025-3' },
  RECORD_TALK: { summary: 'Talked with the party secretary' },
  ESCALATE: { reason: 'Items still not done after notice and talk' },
};

export const EVENT_TYPES = Object.keys(SAMPLE) as RectificationEventType[];

export function ev<K extends RectificationEventType>(
  type: K,
  payload: Payloads[K] = SAMPLE[type],
  at = day(1),
  actor = 'someone',
): RectificationEvent {
  return { type, payload, at, actor } as UserEvent;
}

export const complete = (itemId: number, at = day(1)) =>
  ev('COMPLETE_ITEM', { itemId, evidenceRef: `EV-${itemId}` }, at);

/** The timeout the engine sends when the rolling limit armed in `stateId` falls due at `at`. */
export function timeout(stateId: string, at: string): DeadlineEvent {
  return { type: `xstate.after.itemDue.${stateId}`, payload: {}, at, actor: 'system:deadline' };
}

export function start(input: RectificationInput = INPUT): Snap {
  return initialTransition(rectificationMachine, input)[0];
}

export function send(s: Snap, ...events: RectificationEvent[]): Snap {
  return events.reduce((acc, e) => transition(rectificationMachine, acc, e)[0], s);
}

/** A case whose plan was approved (day 1). */
export function rectifying(input: RectificationInput = INPUT): Snap {
  return send(start(input), ev('SUBMIT_PLAN'), ev('APPROVE_PLAN'));
}

export const RECTIFYING_ID = 'rectification.rectifying';
export const WATCHING_ID = 'rectification.escalated.watching';
