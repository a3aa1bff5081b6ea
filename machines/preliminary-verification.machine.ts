/*
 * Preliminary verification (初步核实) of a clue, by the 2019 Rules on supervision and discipline
 * enforcement (监督执纪工作规则) Art 33–35:
 *
 *   proposed --APPROVE_START{plan, team ≥ 2}--> verifying --RECORD_EVIDENCE (repeated)
 *                                                  |  (after `verification`: flagged overdue, still verifying)
 *                                                  +--SUBMIT_REPORT (after evidence)--> pendingDecision
 *   pendingDecision --REFER_FOR_CASE_REVIEW{reference} (a problem found)--> closed (toCaseReview)
 *                   --CLOSE_NO_PROBLEM (no problem found)---------------> closed (noProblem)
 *                   --ORDER_REMINDER_TALK-------------------------------> closed (reminderTalk)
 *                   --REFER_TO_ACCOUNTABILITY{responsibility} (a problem found)--> closed (toAccountability)
 *
 * The leader approves the start and decides the outcome (the workflow's roles); the machine keeps the
 * order and what each step must carry. Dates recorded lie between the approval and the event's time.
 */
import { and, assign, setup } from 'xstate';
import { payloadReader, recordedDateProblem, stamp } from './machine-events';
import {
  MIN_TEAM,
  RESPONSIBILITIES,
  type Decision,
  type Outcome,
  type Payloads,
  type VerificationContext,
  type VerificationEvent,
  type VerificationInput,
} from './preliminary-verification.types';

export type {
  VerificationContext,
  VerificationEvent,
  VerificationInput,
} from './preliminary-verification.types';

type Ctx = VerificationContext;
type Ev = VerificationEvent;

const payloadOf = payloadReader<Payloads>();
const isProbe = (event: Ev) => 'probe' in event && event.probe === true;

/** Why the verification team is refused (fewer than two distinct members), or null. */
export function teamProblem(event: Ev): string | null {
  if (event.type !== 'APPROVE_START') return null;
  const team = (event.payload as Partial<Payloads['APPROVE_START']>).team ?? [];
  const members = new Set(team.map((m) => String(m?.name ?? '').trim()).filter(Boolean));
  return members.size < MIN_TEAM
    ? `a verification team has at least ${MIN_TEAM} different members, and this one names ${members.size}`
    : null;
}

/** Why the date a piece of evidence records is refused (in the future, before the start was approved), or null. */
export function evidenceDateProblem(context: Ctx, event: Ev): string | null {
  if (event.type !== 'RECORD_EVIDENCE' || !context.start) return null;
  const value = String((event.payload as Partial<Payloads['RECORD_EVIDENCE']>).obtainedAt);
  return recordedDateProblem(
    { field: 'obtainedAt', value, earliest: ['the start was approved', context.start.at] },
    event.at,
  );
}

/** Why the report may not be submitted yet (no evidence recorded), or null. */
export function reportProblem(context: Ctx): string | null {
  return context.evidence.length === 0
    ? 'the report follows the verification: record the evidence gathered first'
    : null;
}

/** Why an outcome does not follow the report's finding, or null. */
export function findingProblem(context: Ctx, outcome: Outcome): string | null {
  const found = context.report?.problemFound;
  if ((outcome === 'toCaseReview' || outcome === 'toAccountability') && found !== true) {
    return `a referral (${outcome}) needs a report that found a problem, and this report found none`;
  }
  if (outcome === 'noProblem' && found !== false) {
    return 'the case is closed as no problem (予以了结) only when the report found none, and this report found one';
  }
  return null;
}

/** Why a referral lacks what it must carry (the case-review reference; a responsibility category), or null. */
export function referralProblem(event: Ev): string | null {
  const p = event.payload as Record<string, unknown>;
  if (event.type === 'REFER_FOR_CASE_REVIEW' && !String(p.reference ?? '').trim()) {
    return 'a referral to case review records the reference of the case review it opens';
  }
  if (
    event.type === 'REFER_TO_ACCOUNTABILITY' &&
    !(RESPONSIBILITIES as readonly unknown[]).includes(p.responsibility)
  ) {
    return `a referral to accountability names a responsibility: one of ${RESPONSIBILITIES.join(', ')}`;
  }
  return null;
}

function initialContext(input: VerificationInput): Ctx {
  return {
    title: input.title,
    subject: input.subject,
    clue: input.clue,
    source: input.source,
    linkedFrom: input.linkedFrom ?? null,
    openedAt: input.openedAt,
    openedBy: input.openedBy ?? null,
    start: null,
    evidence: [],
    overdueSince: null,
    report: null,
    decision: null,
    outcome: null,
    closedAt: null,
  };
}

function decision(outcome: Outcome, event: Ev): Decision {
  const p = event.payload as Record<string, string>;
  return {
    outcome,
    reason: p.reason,
    ...(p.reference !== undefined && { reference: p.reference }),
    ...(p.responsibility !== undefined && { responsibility: p.responsibility as Decision['responsibility'] }),
    ...stamp(event),
  };
}

export const preliminaryVerificationMachine = setup({
  types: { context: {} as Ctx, events: {} as Ev, input: {} as VerificationInput },
  // The engine computes the due time from the workflow's deadline policy; the number is unused.
  delays: { verification: 1 },
  guards: {
    // The engine asks which events a state accepts with a probe (no payload yet): payload guards let it through.
    teamOfTwo: ({ event }) => isProbe(event) || teamProblem(event) === null,
    evidenceDateValid: ({ context, event }) => isProbe(event) || evidenceDateProblem(context, event) === null,
    // Case guards: a probe is judged too, so the case view offers only what is allowed.
    evidenceRecorded: ({ context }) => reportProblem(context) === null,
    findingSupports: ({ context }, params: { outcome: Outcome }) =>
      findingProblem(context, params.outcome) === null,
    referralComplete: ({ event }) => isProbe(event) || referralProblem(event) === null,
  },
  actions: {
    recordDecision: assign(({ event }, params: { outcome: Outcome }) => ({
      decision: decision(params.outcome, event),
      outcome: params.outcome,
      closedAt: event.at,
    })),
  },
}).createMachine({
  id: 'preliminaryVerification',
  initial: 'proposed',
  context: ({ input }) => initialContext(input),
  states: {
    proposed: {
      on: {
        APPROVE_START: {
          guard: 'teamOfTwo',
          target: 'verifying',
          actions: assign({
            start: ({ event }) => {
              const { plan, team } = payloadOf(event, 'APPROVE_START');
              return { plan, team, ...stamp(event) };
            },
          }),
        },
      },
    },
    verifying: {
      after: {
        // Past the limit the case is flagged overdue; the team still reports.
        verification: { actions: assign({ overdueSince: ({ event }) => event.at }) },
      },
      on: {
        RECORD_EVIDENCE: {
          guard: 'evidenceDateValid',
          actions: assign({
            evidence: ({ context, event }) => {
              const { description, obtainedAt } = payloadOf(event, 'RECORD_EVIDENCE');
              return [...context.evidence, { description, obtainedAt, ...stamp(event) }];
            },
          }),
        },
        SUBMIT_REPORT: {
          guard: 'evidenceRecorded',
          target: 'pendingDecision',
          actions: assign({
            report: ({ context, event }) => {
              const { findings, problemFound, proposal } = payloadOf(event, 'SUBMIT_REPORT');
              return {
                findings,
                problemFound,
                proposal,
                late: context.overdueSince !== null,
                ...stamp(event),
              };
            },
          }),
        },
      },
    },
    pendingDecision: {
      on: {
        REFER_FOR_CASE_REVIEW: {
          guard: and([
            { type: 'findingSupports', params: { outcome: 'toCaseReview' as const } },
            'referralComplete',
          ]),
          target: 'closed',
          actions: { type: 'recordDecision', params: { outcome: 'toCaseReview' } },
        },
        CLOSE_NO_PROBLEM: {
          guard: { type: 'findingSupports', params: { outcome: 'noProblem' } },
          target: 'closed',
          actions: { type: 'recordDecision', params: { outcome: 'noProblem' } },
        },
        // A reminder talk fits either finding: a minor problem, or none worth more.
        ORDER_REMINDER_TALK: {
          target: 'closed',
          actions: { type: 'recordDecision', params: { outcome: 'reminderTalk' } },
        },
        REFER_TO_ACCOUNTABILITY: {
          guard: and([
            { type: 'findingSupports', params: { outcome: 'toAccountability' as const } },
            'referralComplete',
          ]),
          target: 'closed',
          actions: { type: 'recordDecision', params: { outcome: 'toAccountability' } },
        },
      },
    },
    closed: { type: 'final' },
  },
});
