import { and, assign, setup } from 'xstate';
import { payloadReader, stamp } from '../machine-events';
import {
  MEASURE_DETAILS,
  MEASURES_BY_SUBJECT_KIND,
  type AccountabilityContext,
  type AccountabilityEvent,
  type AccountabilityEventType,
  type AccountabilityInput,
  type DeadlineKind,
  type Measure,
  type Outcome,
  type Payloads,
  RECTIFICATION_RELATION,
} from './accountability.types';

export type { AccountabilityContext, AccountabilityEvent, AccountabilityInput } from './accountability.types';

type Ctx = AccountabilityContext;
type Ev = AccountabilityEvent;

const payloadOf = payloadReader<Payloads>();

function initialContext(input: AccountabilityInput): Ctx {
  return {
    title: input.title,
    subject: input.subject,
    source: input.source,
    facts: input.facts ?? null,
    situation: input.situation ?? null,
    linkedFrom: input.linkedFrom ?? null,
    responsibility: input.responsibility ?? null,
    openedAt: input.openedAt,
    openedBy: input.openedBy ?? null,
    accepted: null,
    mergedInto: null,
    disciplinaryOutcome: null,
    approval: null,
    statements: [],
    investigation: null,
    report: null,
    opinion: null,
    decision: null,
    transfer: null,
    delivery: null,
    execution: null,
    rectification: null,
    appeal: { filed: null, resolution: null, windowClosedAt: null },
    overdue: {},
    lapses: [],
    jurisdiction: [],
    reasons: [],
    outcome: null,
    closedAt: null,
  };
}

export function measureFits(kind: Ctx['subject']['kind'], measure: Measure): boolean {
  if (!MEASURES_BY_SUBJECT_KIND[kind].includes(measure.type)) return false;
  const details: readonly string[] | undefined =
    MEASURE_DETAILS[measure.type as keyof typeof MEASURE_DETAILS];
  return details ? details.includes(measure.detail ?? '') : measure.detail === undefined;
}

function measuresOf(event: Ev): Measure[] | undefined {
  return 'measures' in event.payload ? event.payload.measures : undefined;
}

const isProbe = (event: Ev) => 'probe' in event && event.probe === true;

/**
 * Why the dates of a DELIVER or DECIDE cannot be true, or null. A delivery happened between the
 * decision and the moment it is recorded (`at`); a rectification falls due after the decision.
 * Fields the payload lacks (a probe) are not judged: validation requires them.
 */
export function dateProblem(context: Ctx, event: Ev): string | null {
  if (isProbe(event)) return null;
  if (event.type === 'DELIVER') {
    const { deliveredAt } = event.payload;
    if (typeof deliveredAt !== 'string') return null;
    if (Date.parse(deliveredAt) > Date.parse(event.at))
      return `the delivery date ${deliveredAt} is in the future (recorded at ${event.at})`;
    // Judged to the second, as the date is given: a delivery recorded as 14:28:50 for a decision
    // stamped 14:28:50.023 is not before it.
    const decidedAt = context.decision?.at;
    const second = (iso: string) => Math.floor(Date.parse(iso) / 1000);
    if (decidedAt && second(deliveredAt) < second(decidedAt))
      return `the delivery date ${deliveredAt} is before the decision (${decidedAt})`;
  }
  if (event.type === 'RECORD_DISCIPLINARY_OUTCOME') {
    const { decidedAt } = event.payload;
    if (typeof decidedAt === 'string' && Date.parse(decidedAt) > Date.parse(event.at))
      return `the disciplinary decision date ${decidedAt} is in the future (recorded at ${event.at})`;
  }
  if (event.type === 'DECIDE') {
    const dueAt = event.payload.rectification?.dueAt;
    if (typeof dueAt === 'string' && Date.parse(dueAt) <= Date.parse(event.at))
      return `the rectification due date ${dueAt} is not after the decision (${event.at})`;
  }
  return null;
}

function withoutOverdue(context: Ctx, kind: DeadlineKind): Ctx['overdue'] {
  const { [kind]: _cleared, ...rest } = context.overdue;
  return rest;
}

function latest(times: (string | null | undefined)[]): string | null {
  const defined = times.filter((t): t is string => typeof t === 'string');
  if (defined.length === 0) return null;
  return defined.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

/** The case concludes as `accountable` when the last execution region finished. */
function accountableAt(context: Ctx): string | null {
  return latest([
    context.execution?.at,
    context.rectification ? (context.rectification.closed?.at ?? null) : context.delivery?.at,
    context.appeal.resolution?.at ?? context.appeal.windowClosedAt,
  ]);
}

function reasonText(event: Ev): string {
  const payload: Record<string, unknown> = event.payload;
  return String(payload.reason ?? payload.grounds ?? '');
}

/** Until the decision, the case may move to another handling unit; the state does not change. */
const MOVE_CASE = {
  TRANSFER_JURISDICTION: { actions: 'recordJurisdiction' },
  TAKE_OVER: { actions: 'recordJurisdiction' },
} as const;

export const accountabilityMachine = setup({
  types: {
    context: {} as Ctx,
    events: {} as Ev,
    input: {} as AccountabilityInput,
  },
  // The engine computes due times from the workflow's deadline policy; these numbers are unused.
  delays: {
    investigation: 1,
    delivery: 1,
    execution: 1,
    appealWindow: 1,
    appealReview: 1,
  },
  guards: {
    statementHeard: ({ context }) => context.statements.length > 0,
    measuresFitSubject: ({ context, event }) =>
      (measuresOf(event) ?? []).every((m) => measureFits(context.subject.kind, m)),
    datesPlausible: ({ context, event }) => dateProblem(context, event) === null,
    rectificationRequired: ({ context }) => context.rectification !== null,
    rectificationClosed: ({ context }) => context.rectification?.closed != null,
    // Probes included: the engine never offers a linked event to users.
    fromRectificationCase: ({ event }) =>
      !isProbe(event) && payloadOf(event, 'LINKED_CASE_CLOSED').relation === RECTIFICATION_RELATION,
    appealRevoked: ({ event }) => payloadOf(event, 'RESOLVE_APPEAL').outcome === 'revoked',
    // The engine asks which events a state accepts with a probe (no payload yet): it may resolve the appeal.
    appealUpheld: ({ event }) =>
      ('probe' in event && event.probe === true) || payloadOf(event, 'RESOLVE_APPEAL').outcome === 'upheld',
    appealAmended: ({ context, event }) => {
      const { outcome, measures } = payloadOf(event, 'RESOLVE_APPEAL');
      if (outcome !== 'amended' || !measures || measures.length === 0) return false;
      return measures.every((m) => measureFits(context.subject.kind, m));
    },
  },
  actions: {
    recordJurisdiction: assign({
      jurisdiction: ({ context, event }) => {
        const kind = event.type === 'TAKE_OVER' ? ('takeOver' as const) : ('transfer' as const);
        const { unitId, reason } = payloadOf(
          event,
          kind === 'takeOver' ? 'TAKE_OVER' : 'TRANSFER_JURISDICTION',
        );
        // Snapshots stored before jurisdiction existed have no list yet.
        return [...(context.jurisdiction ?? []), { kind, unitId, reason, ...stamp(event) }];
      },
    }),
    recordReason: assign({
      reasons: ({ context, event }) => [
        ...context.reasons,
        { type: event.type as AccountabilityEventType, text: reasonText(event), ...stamp(event) },
      ],
    }),
    close: assign((_, params: { outcome: Outcome; at: string }) => ({
      outcome: params.outcome,
      closedAt: params.at,
    })),
    closeAccountable: assign(({ context }) => ({
      outcome: 'accountable' as const,
      closedAt: accountableAt(context),
    })),
    flagOverdue: assign(({ context, event }, params: { kind: DeadlineKind }) => ({
      overdue: { ...context.overdue, [params.kind]: event.at },
      lapses: [...context.lapses, { kind: params.kind, at: event.at }],
    })),
    accept: assign({ accepted: ({ event }) => stamp(event) }),
    merge: assign({ mergedInto: ({ event }) => payloadOf(event, 'MERGE').disciplinaryCaseRef }),
    recordDisciplinaryOutcome: assign({
      disciplinaryOutcome: ({ event }) => ({
        ...payloadOf(event, 'RECORD_DISCIPLINARY_OUTCOME'),
        ...stamp(event),
      }),
    }),
    startInvestigation: assign({
      approval: ({ event }) => ({ path: 'investigation' as const, ...stamp(event) }),
      investigation: ({ event }) => ({ startedAt: event.at, extensions: [] }),
    }),
    decideDirectly: assign({ approval: ({ event }) => ({ path: 'direct' as const, ...stamp(event) }) }),
    restartInvestigation: assign(({ context, event }) => ({
      investigation: { startedAt: event.at, extensions: context.investigation?.extensions ?? [] },
      overdue: withoutOverdue(context, 'investigation'),
    })),
    recordStatement: assign({
      statements: ({ context, event }) => [
        ...context.statements,
        { kind: 'statement' as const, text: payloadOf(event, 'RECORD_STATEMENT').statement, ...stamp(event) },
      ],
    }),
    waiveStatement: assign({
      statements: ({ context, event }) => [
        ...context.statements,
        { kind: 'waiver' as const, text: payloadOf(event, 'WAIVE_STATEMENT').reason, ...stamp(event) },
      ],
    }),
    extendInvestigation: assign(({ context, event }) => {
      const { days, reason } = payloadOf(event, 'EXTEND_INVESTIGATION');
      const current = context.investigation ?? { startedAt: event.at, extensions: [] };
      return {
        investigation: { ...current, extensions: [...current.extensions, { days, reason, ...stamp(event) }] },
        overdue: withoutOverdue(context, 'investigation'),
      };
    }),
    submitReport: assign({
      report: ({ event }) => ({ ...payloadOf(event, 'SUBMIT_REPORT'), ...stamp(event) }),
    }),
    proposeOpinion: assign({
      opinion: ({ event }) => ({ ...payloadOf(event, 'PROPOSE_OPINION'), ...stamp(event) }),
    }),
    decide: assign(({ event }) => {
      const { decisionNo, measures, rectification, alsoInvestigate, transfer } = payloadOf(event, 'DECIDE');
      return {
        decision: { decisionNo, measures, alsoInvestigate: alsoInvestigate ?? [], ...stamp(event) },
        transfer: transfer ? { ...transfer, ...stamp(event) } : null,
        rectification: rectification ? { ...rectification, closed: null } : null,
      };
    }),
    transfer: assign({ transfer: ({ event }) => ({ ...payloadOf(event, 'TRANSFER'), ...stamp(event) }) }),
    deliver: assign({ delivery: ({ event }) => ({ ...payloadOf(event, 'DELIVER'), ...stamp(event) }) }),
    recordExecution: assign({
      execution: ({ event }) => ({ ...payloadOf(event, 'RECORD_EXECUTION'), ...stamp(event) }),
    }),
    recordRectificationClosed: assign({
      rectification: ({ context, event }) =>
        context.rectification && {
          ...context.rectification,
          closed: { ...payloadOf(event, 'LINKED_CASE_CLOSED'), ...stamp(event) },
        },
    }),
    fileAppeal: assign({
      appeal: ({ context, event }) => ({
        ...context.appeal,
        filed: { grounds: payloadOf(event, 'FILE_APPEAL').grounds, ...stamp(event) },
      }),
    }),
    resolveAppeal: assign({
      appeal: ({ context, event }) => ({
        ...context.appeal,
        resolution: { ...payloadOf(event, 'RESOLVE_APPEAL'), ...stamp(event) },
      }),
    }),
    closeAppealWindow: assign({
      appeal: ({ context, event }) => ({ ...context.appeal, windowClosedAt: event.at }),
    }),
  },
}).createMachine({
  id: 'accountability',
  // XState's pure transition() builds a throw-away actor, without input, on every call. Answering it with an
  // empty context instead of a TypeError saves an exception per transition (it cost more than the transition).
  context: ({ input }) => (input === undefined ? ({} as Ctx) : initialContext(input)),
  initial: 'proposed',
  // The rectification case may close before the execution begins: remember it for when it does.
  on: { LINKED_CASE_CLOSED: { guard: 'fromRectificationCase', actions: 'recordRectificationClosed' } },
  states: {
    proposed: {
      on: {
        ...MOVE_CASE,
        ACCEPT: { target: 'pendingApproval', actions: 'accept' },
        DECLINE: {
          target: 'closed',
          actions: [
            'recordReason',
            { type: 'close', params: ({ event }) => ({ outcome: 'declined', at: event.at }) },
          ],
        },
        MERGE: { target: 'merged', actions: 'merge' },
      },
    },
    pendingApproval: {
      on: {
        ...MOVE_CASE,
        APPROVE_INVESTIGATION: { target: 'investigation', actions: 'startInvestigation' },
        DECIDE_DIRECTLY: { target: 'preliminaryOpinion', actions: ['decideDirectly', 'recordReason'] },
        REJECT_INVESTIGATION: {
          target: 'closed',
          actions: [
            'recordReason',
            { type: 'close', params: ({ event }) => ({ outcome: 'rejected', at: event.at }) },
          ],
        },
      },
    },
    investigation: {
      after: { investigation: { actions: { type: 'flagOverdue', params: { kind: 'investigation' } } } },
      on: {
        ...MOVE_CASE,
        RECORD_STATEMENT: { actions: 'recordStatement' },
        WAIVE_STATEMENT: { actions: 'waiveStatement' },
        // Re-entering cancels the pending deadline and raises it again; the due hook adds the extension.
        EXTEND_INVESTIGATION: { target: 'investigation', reenter: true, actions: 'extendInvestigation' },
        SUBMIT_REPORT: { guard: 'statementHeard', target: 'preliminaryOpinion', actions: 'submitReport' },
      },
    },
    preliminaryOpinion: {
      on: {
        ...MOVE_CASE,
        // The fast path skips the investigation, not the hearing: the subject is heard (or waives)
        // before any opinion (2009 Art 14; domain.md). Like SUBMIT_REPORT, the opinion is not offered before.
        RECORD_STATEMENT: { actions: 'recordStatement' },
        WAIVE_STATEMENT: { actions: 'waiveStatement' },
        PROPOSE_OPINION: {
          guard: and(['statementHeard', 'measuresFitSubject']),
          target: 'decision',
          actions: 'proposeOpinion',
        },
      },
    },
    decision: {
      on: {
        ...MOVE_CASE,
        DECIDE: {
          guard: and(['measuresFitSubject', 'datesPlausible']),
          target: 'notification',
          actions: 'decide',
        },
        DECIDE_NO_ACCOUNTABILITY: {
          target: 'closed',
          actions: [
            'recordReason',
            { type: 'close', params: ({ event }) => ({ outcome: 'noAccountability', at: event.at }) },
          ],
        },
        RETURN_FOR_INVESTIGATION: {
          target: 'investigation',
          actions: ['recordReason', 'restartInvestigation'],
        },
        TRANSFER: {
          target: 'closed',
          actions: [
            'transfer',
            { type: 'close', params: ({ event }) => ({ outcome: 'transferred', at: event.at }) },
          ],
        },
      },
    },
    notification: {
      after: { delivery: { actions: { type: 'flagOverdue', params: { kind: 'delivery' } } } },
      on: {
        DELIVER: { guard: 'datesPlausible', target: 'execution', actions: 'deliver' },
        CORRECT_DECISION: {
          target: 'closed',
          actions: [
            'recordReason',
            { type: 'close', params: ({ event }) => ({ outcome: 'corrected', at: event.at }) },
          ],
        },
      },
    },
    execution: {
      type: 'parallel',
      on: {
        CORRECT_DECISION: {
          target: 'closed',
          actions: [
            'recordReason',
            { type: 'close', params: ({ event }) => ({ outcome: 'corrected', at: event.at }) },
          ],
        },
      },
      onDone: { target: 'concluded', actions: 'closeAccountable' },
      states: {
        measures: {
          initial: 'pending',
          states: {
            pending: {
              after: { execution: { actions: { type: 'flagOverdue', params: { kind: 'execution' } } } },
              on: { RECORD_EXECUTION: { target: 'executed', actions: 'recordExecution' } },
            },
            executed: { type: 'final' },
          },
        },
        rectification: {
          initial: 'checking',
          states: {
            // Transient: the decision either set a rectification requirement or not; its own case
            // (opened with the decision) may have closed already.
            checking: {
              always: [
                { guard: 'rectificationClosed', target: 'verified' },
                { guard: 'rectificationRequired', target: 'followingUp' },
                { target: 'notRequired' },
              ],
            },
            notRequired: { type: 'final' },
            // The rectification case follows the items, their limits and the escalation (整改督办).
            followingUp: {
              on: {
                LINKED_CASE_CLOSED: {
                  guard: 'fromRectificationCase',
                  target: 'verified',
                  actions: 'recordRectificationClosed',
                },
              },
            },
            verified: { type: 'final' },
          },
        },
        appeal: {
          initial: 'open',
          states: {
            open: {
              after: { appealWindow: { target: 'windowClosed', actions: 'closeAppealWindow' } },
              on: { FILE_APPEAL: { target: 'underReview', actions: 'fileAppeal' } },
            },
            underReview: {
              after: { appealReview: { actions: { type: 'flagOverdue', params: { kind: 'appealReview' } } } },
              on: {
                RESOLVE_APPEAL: [
                  {
                    guard: 'appealRevoked',
                    target: '#accountability.closed',
                    actions: [
                      'resolveAppeal',
                      { type: 'close', params: ({ event }) => ({ outcome: 'revoked', at: event.at }) },
                    ],
                  },
                  { guard: 'appealAmended', target: 'resolved', actions: 'resolveAppeal' },
                  { guard: 'appealUpheld', target: 'resolved', actions: 'resolveAppeal' },
                ],
              },
            },
            resolved: { type: 'final' },
            windowClosed: { type: 'final' },
          },
        },
      },
    },
    /** Merged into a formal disciplinary review (2019 Art 9): the decision taken there is recorded here. */
    merged: {
      on: {
        RECORD_DISCIPLINARY_OUTCOME: {
          guard: and(['measuresFitSubject', 'datesPlausible']),
          target: 'closed',
          actions: [
            'recordDisciplinaryOutcome',
            { type: 'close', params: ({ event }) => ({ outcome: 'merged', at: event.at }) },
          ],
        },
      },
    },
    /**
     * Accountable: the outcome and `closedAt` are known and nothing is pending, but a wrong decision
     * can still be corrected by the deciding body or a higher one (纠错, 2019 Art 21; lifelong
     * accountability, 2016 Art 10). Not final, so the engine keeps the case active and accepts the
     * correction; every other outcome ends in `closed`.
     */
    concluded: {
      on: {
        CORRECT_DECISION: {
          target: 'closed',
          actions: [
            'recordReason',
            { type: 'close', params: ({ event }) => ({ outcome: 'corrected', at: event.at }) },
          ],
        },
      },
    },
    closed: { type: 'final' },
  },
});

export type AccountabilityMachine = typeof accountabilityMachine;
