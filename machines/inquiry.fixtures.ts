/* Sample events and snapshots for the inquiry (version 2) machine and workflow specs and the end-to-end tests. */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { inquiryMachine } from './inquiry.machine';
import type {
  DeadlineEvent,
  InquiryEvent,
  InquiryEventType,
  InquiryInput,
  Payloads,
  UserEvent,
} from './inquiry.types';

export type Snap = SnapshotFrom<typeof inquiryMachine>;

export const T0 = '2026-09-14T02:00:00.000Z';

/** T0 plus `days` days, as ISO. */
export function day(days: number): string {
  return new Date(Date.parse(T0) + days * 86_400_000).toISOString();
}

export const INPUT: InquiryInput = {
  title: 'Report that the bureau chief let a relative win road contracts',
  subject: {
    ref: 'p-101',
    kind: 'individual',
    name: 'Li Si',
    organisation: 'County Transport Bureau',
    post: 'Bureau chief',
  },
  clue: 'A letter from a contractor says the chief steered two tenders to his brother-in-law',
  source: 'report',
  linkedFrom: null,
  openedAt: T0,
  openedBy: 'olivia',
};

export const ENDORSEMENT = {
  name: 'Zhang San',
  post: 'Secretary of the county Party committee',
  opinion: 'The reply is his own and complete as far as the committee knows',
};

export const SAMPLE: { [K in InquiryEventType]: Payloads[K] } = {
  APPROVE: { method: 'letter' },
  DECLINE: { reason: 'the clue names no facts that can be checked' },
  RECORD_TALK: { heldAt: day(3), record: 'The chief explained the tenders were run by the county centre' },
  SEND_LETTER: { sentAt: day(2), letterRef: 'HX-2026-17' },
  RECORD_LETTER_RECEIVED: { receivedAt: day(3) },
  RECORD_REPLY: {
    receivedAt: day(9),
    summary: 'He declares no relation with the winning bidder',
    deniesAllegation: true,
    endorsement: ENDORSEMENT,
  },
  ASK_AGAIN: { reason: 'He denies what the tender file shows: a second letter with the file' },
  CONCLUDE: { conclusion: 'cleared', reason: 'the tender records confirm the reply' },
};

export const EVENT_TYPES = Object.keys(SAMPLE) as InquiryEventType[];

/** `day(n)` stamps: events come a day after the dates they record. */
export function ev<K extends InquiryEventType>(
  type: K,
  payload: Payloads[K] = SAMPLE[type],
  at = day(10),
  actor = 'olivia',
): UserEvent {
  return { type, payload, at, actor } as UserEvent;
}

export const REPLY_TIMEOUT = 'xstate.after.reply.inquiry.awaitingReply';
export const REPORT_TIMEOUT = 'xstate.after.report.inquiry.awaitingConclusion';

/** The timeout the engine sends when a limit passes (`at`: its due time). */
export function timeout(at = day(30), type = REPLY_TIMEOUT): DeadlineEvent {
  return { type: type as DeadlineEvent['type'], payload: {}, at, actor: 'system:deadline' };
}

export function start(input: InquiryInput = INPUT): Snap {
  return initialTransition(inquiryMachine, input)[0];
}

export function send(snapshot: Snap, ...events: InquiryEvent[]): Snap {
  return events.reduce((s, e) => transition(inquiryMachine, s, e)[0], snapshot);
}

export const talked = (input: InquiryInput = INPUT): Snap =>
  send(
    start(input),
    ev('APPROVE', { method: 'talk' }, day(1)),
    ev('RECORD_TALK', SAMPLE.RECORD_TALK, day(4)),
  );

export const letterSent = (input: InquiryInput = INPUT): Snap =>
  send(
    start(input),
    ev('APPROVE', { method: 'letter' }, day(1)),
    ev('SEND_LETTER', SAMPLE.SEND_LETTER, day(2)),
  );

export const letterReceived = (input: InquiryInput = INPUT): Snap =>
  send(letterSent(input), ev('RECORD_LETTER_RECEIVED', SAMPLE.RECORD_LETTER_RECEIVED, day(4)));

export const replied = (input: InquiryInput = INPUT, reply = SAMPLE.RECORD_REPLY): Snap =>
  send(letterReceived(input), ev('RECORD_REPLY', reply, day(10)));
