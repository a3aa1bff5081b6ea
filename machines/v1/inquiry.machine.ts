/*
 * Talk or letter of inquiry (谈话函询), 2019 Rules on supervision and discipline enforcement:
 *
 *   proposed --APPROVE{talk}--> approved.talk --RECORD_TALK--> awaitingConclusion --CONCLUDE--> closed
 *      |  --APPROVE{letter}--> approved.letter --SEND_LETTER--> awaitingReply --RECORD_REPLY--^
 *      |                                                  (after reply, 15 working days:
 *      +--DECLINE--> closed (declined)                     flag overdue, stay; a late reply is accepted)
 *
 * Dates the officer records (heldAt, sentAt, receivedAt) lie between the opening of the case and the
 * event's own time; a reply is not received before its letter was sent.
 */
import { assign, setup } from 'xstate';
import { type DatedField, payloadReader, recordedDateProblem, stamp } from '../machine-events';
import {
  INDIVIDUAL_ONLY,
  type InquiryContext,
  type InquiryEvent,
  type InquiryInput,
  type Payloads,
} from './inquiry.types';

export type { InquiryContext, InquiryEvent, InquiryInput } from './inquiry.types';

type Ctx = InquiryContext;
type Ev = InquiryEvent;

const payloadOf = payloadReader<Payloads>();

const isProbe = (event: Ev) => 'probe' in event && event.probe === true;

/** The date field each event records, and the earliest time it may name. */
function datedField(context: Ctx, event: Ev): DatedField | null {
  const p: Record<string, unknown> = event.payload;
  switch (event.type) {
    case 'RECORD_TALK':
      return {
        field: 'heldAt',
        value: String(p.heldAt),
        earliest: ['the case was opened', context.openedAt],
      };
    case 'SEND_LETTER':
      return {
        field: 'sentAt',
        value: String(p.sentAt),
        earliest: ['the case was opened', context.openedAt],
      };
    case 'RECORD_REPLY': {
      const sent = context.letter?.sentAt;
      return {
        field: 'receivedAt',
        value: String(p.receivedAt),
        earliest:
          sent && Date.parse(sent) > Date.parse(context.openedAt)
            ? ['the letter was sent', sent]
            : ['the case was opened', context.openedAt],
      };
    }
    default:
      return null;
  }
}

/** Why the date an event records is refused, or null when it is fine (or the event records none). */
export function dateProblem(context: Ctx, event: Ev): string | null {
  return recordedDateProblem(datedField(context, event), event.at);
}

/** Why a conclusion does not fit the subject (a formal warning is a measure on a person), or null. */
export function conclusionProblem(context: Ctx, event: Ev): string | null {
  if (event.type !== 'CONCLUDE') return null;
  const { conclusion } = event.payload;
  if (INDIVIDUAL_ONLY.includes(conclusion) && context.subject.kind !== 'individual') {
    return `the conclusion ${conclusion} is a measure on an individual, and the subject is an ${context.subject.kind}`;
  }
  return null;
}

function initialContext(input: InquiryInput): Ctx {
  return {
    title: input.title,
    subject: input.subject,
    clue: input.clue,
    source: input.source,
    linkedFrom: input.linkedFrom ?? null,
    openedAt: input.openedAt,
    openedBy: input.openedBy ?? null,
    approval: null,
    declined: null,
    talk: null,
    letter: null,
    reply: null,
    replyOverdueSince: null,
    conclusion: null,
    outcome: null,
    closedAt: null,
  };
}

export const inquiryMachine = setup({
  types: { context: {} as Ctx, events: {} as Ev, input: {} as InquiryInput },
  // The engine computes due times from the workflow's deadline policy; the number is unused.
  delays: { reply: 1 },
  guards: {
    // The engine asks which events a state accepts with a probe (no payload yet): payload guards let it through.
    dateValid: ({ context, event }) => isProbe(event) || dateProblem(context, event) === null,
    // A probe takes the first branch: APPROVE is allowed.
    approveTalk: ({ event }) => isProbe(event) || payloadOf(event, 'APPROVE').method === 'talk',
    approveLetter: ({ event }) => payloadOf(event, 'APPROVE').method === 'letter',
    conclusionFits: ({ context, event }) => isProbe(event) || conclusionProblem(context, event) === null,
  },
  actions: {
    recordApproval: assign({
      approval: ({ event }) => ({ method: payloadOf(event, 'APPROVE').method, ...stamp(event) }),
    }),
  },
}).createMachine({
  id: 'inquiry',
  initial: 'proposed',
  context: ({ input }) => initialContext(input),
  states: {
    proposed: {
      on: {
        // The method chosen decides the next step: the published graph shows both branches.
        APPROVE: [
          { guard: 'approveTalk', target: 'approved.talk', actions: 'recordApproval' },
          { guard: 'approveLetter', target: 'approved.letter', actions: 'recordApproval' },
        ],
        DECLINE: {
          target: 'closed',
          actions: assign({
            declined: ({ event }) => ({ reason: payloadOf(event, 'DECLINE').reason, ...stamp(event) }),
            outcome: 'declined',
            closedAt: ({ event }) => event.at,
          }),
        },
      },
    },
    approved: {
      // Required of a compound state; APPROVE always enters one of the two by the method chosen.
      initial: 'talk',
      states: {
        talk: {
          on: {
            RECORD_TALK: {
              guard: 'dateValid',
              target: '#inquiry.awaitingConclusion',
              actions: assign({
                talk: ({ event }) => {
                  const { heldAt, record } = payloadOf(event, 'RECORD_TALK');
                  return { heldAt, record, ...stamp(event) };
                },
              }),
            },
          },
        },
        letter: {
          on: {
            SEND_LETTER: {
              guard: 'dateValid',
              target: '#inquiry.awaitingReply',
              actions: assign({
                letter: ({ event }) => {
                  const { sentAt, letterRef } = payloadOf(event, 'SEND_LETTER');
                  return { sentAt, letterRef, ...stamp(event) };
                },
              }),
            },
          },
        },
      },
    },
    awaitingReply: {
      after: {
        // Past the reply limit the case is flagged overdue; it still waits for the reply.
        reply: { actions: assign({ replyOverdueSince: ({ event }) => event.at }) },
      },
      on: {
        RECORD_REPLY: {
          guard: 'dateValid',
          target: 'awaitingConclusion',
          actions: assign({
            reply: ({ context, event }) => {
              const { receivedAt, summary } = payloadOf(event, 'RECORD_REPLY');
              return { receivedAt, summary, late: context.replyOverdueSince !== null, ...stamp(event) };
            },
          }),
        },
      },
    },
    awaitingConclusion: {
      on: {
        CONCLUDE: {
          guard: 'conclusionFits',
          target: 'closed',
          actions: assign({
            conclusion: ({ event }) => {
              const { conclusion, reason } = payloadOf(event, 'CONCLUDE');
              return { conclusion, reason, ...stamp(event) };
            },
            outcome: ({ event }) => payloadOf(event, 'CONCLUDE').conclusion,
            closedAt: ({ event }) => event.at,
          }),
        },
      },
    },
    closed: { type: 'final' },
  },
});
