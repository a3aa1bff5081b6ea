/*
 * Talk or letter of inquiry (谈话函询), version 2, by the 2019 Rules on supervision and discipline
 * enforcement (监督执纪工作规则) Art 28–30:
 *
 *   proposed --APPROVE{talk}--> approved.talk --RECORD_TALK----------------------------> awaitingConclusion
 *      |  --APPROVE{letter}--> approved.letter --SEND_LETTER--> awaitingReceipt                 |  |
 *      |                             ^          --RECORD_LETTER_RECEIVED--> awaitingReply        |  |
 *      |                             |                          --RECORD_REPLY (endorsed)--^     |  |
 *      |                             +----------- ASK_AGAIN (the reply denies an allegation) ----+  |
 *      +--DECLINE--> closed (declined)                                    CONCLUDE --> closed <------+
 *
 * The reply limit (15 working days) runs from the subject's receipt of the letter; past it the case is
 * flagged and still waits. A reply is late when it was received (its receivedAt) after the limit passed.
 * The report on the talk or reply has its own limit (one month), flagged when it passes. A problem that
 * needs checking is concluded `toVerification` (转初步核实), never straight to accountability.
 * Dates the officer records lie between the step they follow and the event's own time.
 */
import { and, assign, setup } from 'xstate';
import { type DatedField, payloadReader, recordedDateProblem, stamp } from './machine-events';
import {
  CONCLUSIONS,
  INDIVIDUAL_ONLY,
  type InquiryContext,
  type InquiryEvent,
  type InquiryInput,
  type Payloads,
  type Round,
} from './inquiry.types';

export type { InquiryContext, InquiryEvent, InquiryInput } from './inquiry.types';

type Ctx = InquiryContext;
type Ev = InquiryEvent;

const payloadOf = payloadReader<Payloads>();

const isProbe = (event: Ev) => 'probe' in event && event.probe === true;

/** The later of two moments, named: what a recorded date may not precede. */
function later(a: [string, string], b: [string, string] | null): [string, string] {
  return b && Date.parse(b[1]) > Date.parse(a[1]) ? b : a;
}

/** The date field each event records, and the earliest time it may name. */
export function datedField(context: Ctx, event: Ev): DatedField | null {
  const p: Record<string, unknown> = event.payload;
  const opened: [string, string] = ['the case was opened', context.openedAt];
  const sent = context.letter ? (['the letter was sent', context.letter.sentAt] as [string, string]) : null;
  const receipt = context.letter?.receipt;
  switch (event.type) {
    case 'RECORD_TALK':
      return { field: 'heldAt', value: String(p.heldAt), earliest: opened };
    case 'SEND_LETTER':
      return { field: 'sentAt', value: String(p.sentAt), earliest: opened };
    case 'RECORD_LETTER_RECEIVED':
      return { field: 'receivedAt', value: String(p.receivedAt), earliest: later(opened, sent) };
    case 'RECORD_REPLY': {
      const received: [string, string] | null = receipt
        ? ['the subject received the letter', receipt.receivedAt]
        : null;
      return {
        field: 'receivedAt',
        value: String(p.receivedAt),
        earliest: later(later(opened, sent), received),
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

/** Why a reply lacks the signed opinion of the subject's Party committee principal leader, or null. */
export function endorsementProblem(event: Ev): string | null {
  if (event.type !== 'RECORD_REPLY') return null;
  const e = (event.payload as Partial<Payloads['RECORD_REPLY']>).endorsement;
  const blank = (['name', 'post', 'opinion'] as const).filter((k) => !e || !String(e[k] ?? '').trim());
  return blank.length
    ? `the reply must carry the signed opinion of the principal leader of the subject's Party committee (missing: ${blank.join(', ')})`
    : null;
}

/** Why a second letter may not be sent now (only after a reply that denies a concrete allegation), or null. */
export function secondLetterProblem(context: Ctx): string | null {
  if (!context.reply) return 'a second letter follows a written reply, and there is none to this letter';
  if (context.reply.deniesAllegation !== true) {
    return 'a second letter is sent when the reply denies a concrete allegation, and this reply does not';
  }
  return null;
}

/** Why a conclusion is not one of this version's (e.g. a direct escalation), or does not fit the subject, or null. */
export function conclusionProblem(context: Ctx, event: Ev): string | null {
  if (event.type !== 'CONCLUDE') return null;
  const { conclusion } = event.payload;
  if (!(CONCLUSIONS as readonly string[]).includes(conclusion)) {
    return `${String(conclusion)} is not a conclusion of an inquiry: a problem that needs checking goes to preliminary verification (toVerification)`;
  }
  if (INDIVIDUAL_ONLY.includes(conclusion) && context.subject.kind !== 'individual') {
    return `the conclusion ${conclusion} is a measure on an individual, and the subject is an ${context.subject.kind}`;
  }
  return null;
}

/** Whether a reply received at `receivedAt` came after the limit that passed at `overdueSince`. */
export function receivedLate(receivedAt: string, overdueSince: string | null | undefined): boolean {
  return overdueSince != null && Date.parse(receivedAt) > Date.parse(overdueSince);
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
    rounds: [],
    reportOverdueSince: null,
    conclusion: null,
    outcome: null,
    closedAt: null,
  };
}

/** The letter round that ends with a second letter, as kept in `rounds`. */
function closedRound(context: Ctx, event: Ev): Round {
  return {
    letter: context.letter!,
    reply: context.reply,
    replyOverdueSince: context.replyOverdueSince ?? null,
    reportOverdueSince: context.reportOverdueSince ?? null,
    askedAgain: { reason: payloadOf(event, 'ASK_AGAIN').reason, ...stamp(event) },
  };
}

export const inquiryMachine = setup({
  types: { context: {} as Ctx, events: {} as Ev, input: {} as InquiryInput },
  // The engine computes due times from the workflow's deadline policy; the numbers are unused.
  delays: { reply: 1, report: 1 },
  guards: {
    // The engine asks which events a state accepts with a probe (no payload yet): payload guards let it through.
    dateValid: ({ context, event }) => isProbe(event) || dateProblem(context, event) === null,
    replyEndorsed: ({ event }) => isProbe(event) || endorsementProblem(event) === null,
    // Offered after any reply (a probe passes there), taken only after one that denies an allegation:
    // the refusal then names the rule.
    secondLetterAllowed: ({ context, event }) =>
      context.reply != null && (isProbe(event) || secondLetterProblem(context) === null),
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
              target: '#inquiry.awaitingReceipt',
              actions: assign({
                letter: ({ event }) => {
                  const { sentAt, letterRef } = payloadOf(event, 'SEND_LETTER');
                  return { sentAt, letterRef, receipt: null, ...stamp(event) };
                },
              }),
            },
          },
        },
      },
    },
    awaitingReceipt: {
      on: {
        RECORD_LETTER_RECEIVED: {
          guard: 'dateValid',
          target: 'awaitingReply',
          actions: assign({
            letter: ({ context, event }) => ({
              ...context.letter!,
              receipt: { receivedAt: payloadOf(event, 'RECORD_LETTER_RECEIVED').receivedAt, ...stamp(event) },
            }),
          }),
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
          guard: and(['dateValid', 'replyEndorsed']),
          target: 'awaitingConclusion',
          actions: assign({
            reply: ({ context, event }) => {
              const { receivedAt, summary, deniesAllegation, endorsement } = payloadOf(event, 'RECORD_REPLY');
              const late = receivedLate(receivedAt, context.replyOverdueSince);
              return { receivedAt, summary, deniesAllegation, endorsement, late, ...stamp(event) };
            },
          }),
        },
      },
    },
    awaitingConclusion: {
      after: {
        // The report on the talk or reply is due within a month; past it the case is flagged and waits.
        report: { actions: assign({ reportOverdueSince: ({ event }) => event.at }) },
      },
      on: {
        ASK_AGAIN: {
          guard: 'secondLetterAllowed',
          target: 'approved.letter',
          actions: assign({
            rounds: ({ context, event }) => [...(context.rounds ?? []), closedRound(context, event)],
            letter: null,
            reply: null,
            replyOverdueSince: null,
            reportOverdueSince: null,
          }),
        },
        CONCLUDE: {
          guard: 'conclusionFits',
          target: 'closed',
          actions: assign({
            conclusion: ({ context, event }) => {
              const { conclusion, reason } = payloadOf(event, 'CONCLUDE');
              return { conclusion, reason, late: context.reportOverdueSince != null, ...stamp(event) };
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
