/*
 * Annual assessment of a unit's two responsibilities (年度考核).
 *
 *   selfAssessment --SUBMIT_SELF_ASSESSMENT--> onSite --RECORD_ON_SITE--> grading --DECIDE_GRADE--> feedback
 *     (RECORD_MID_YEAR_CHECK, once)                                                                    |
 *                                            closed <--APPLY_RESULTS-- application <--DELIVER_FEEDBACK-+
 *
 * The plan (indicators with weights adding up to 100) comes with the opening. Scores are 0–100 per
 * indicator of the plan; the machine keeps the weighted total of the self-assessment and of the
 * on-site assessment. The committee decides the grade (excellent, good, pass, fail), which is the
 * case's outcome. Every stage has a time limit (delay named after the stage): when it passes the
 * lapse is recorded and the case waits on, flagged overdue, until the stage's work is done.
 *
 * What the workflow does with the decisions (an accountability case against the unit's principal
 * leader on `fail`, a rectification case for the problems found on site) is its effects, not the
 * machine's.
 */
import { assign, setup } from 'xstate';
import { type DatedField, payloadReader, recordedDateProblem, stamp } from '../machine-events';
import type {
  AssessmentContext,
  AssessmentEvent,
  AssessmentInput,
  Indicator,
  Payloads,
  Scores,
  Stage,
} from './assessment.types';

export type { AssessmentContext, AssessmentEvent, AssessmentInput } from './assessment.types';

type Ctx = AssessmentContext;
type Ev = AssessmentEvent;

export const ASSESSMENT_WORKFLOW = 'assessment';

const payloadOf = payloadReader<Payloads>();

const isProbe = (event: Ev) => 'probe' in event && event.probe === true;

/** The weighted total of scores under a plan (weights adding up to 100), to two decimals. */
export function weightedTotal(indicators: Indicator[], scores: Scores): number {
  const sum = indicators.reduce((acc, { code, weight }) => acc + weight * (scores[code] ?? 0), 0);
  return Math.round(sum) / 100;
}

/** Why scores do not fit the case's plan (an indicator missing or not in the plan), or null. */
export function scoresProblem(ctx: Ctx, scores: Scores): string | null {
  const plan = ctx.indicators.map((i) => i.code);
  const missing = plan.filter((code) => !Object.hasOwn(scores, code));
  const unknown = Object.keys(scores).filter((code) => !plan.includes(code));
  if (!missing.length && !unknown.length) return null;
  return [
    missing.length && `scores lack ${missing.join(', ')}`,
    unknown.length && `${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in this case's plan`,
  ]
    .filter(Boolean)
    .join(' and ')
    .concat(` (the plan's indicators: ${plan.join(', ')})`);
}

/** The date field an event records, and the earliest time it may name. */
function datedField(ctx: Ctx, event: Ev): DatedField | null {
  const p: Record<string, unknown> = event.payload;
  switch (event.type) {
    case 'RECORD_ON_SITE':
      return {
        field: 'heldAt',
        value: String(p.heldAt),
        earliest: ctx.selfAssessment
          ? ['the self-assessment was submitted', ctx.selfAssessment.at]
          : ['the case was opened', ctx.openedAt],
      };
    case 'DELIVER_FEEDBACK':
      return {
        field: 'deliveredAt',
        value: String(p.deliveredAt),
        earliest: ctx.grade ? ['the grade was decided', ctx.grade.at] : ['the case was opened', ctx.openedAt],
      };
    default:
      return null;
  }
}

/** Why the date an event records is refused (in the future, or before the step it follows), or null. */
export function dateProblem(ctx: Ctx, event: Ev): string | null {
  return recordedDateProblem(datedField(ctx, event), event.at);
}

/** Why RECORD_MID_YEAR_CHECK is refused, or null. */
export function midYearProblem(ctx: Ctx): string | null {
  return ctx.midYearCheck ? `the mid-year check was already recorded at ${ctx.midYearCheck.at}` : null;
}

/** Why an event is refused by a guard on its payload or the case, in words; null when it is not. */
export function refusal(ctx: Ctx, event: Ev): string | null {
  switch (event.type) {
    case 'RECORD_MID_YEAR_CHECK':
      return midYearProblem(ctx);
    case 'SUBMIT_SELF_ASSESSMENT':
      return scoresProblem(ctx, payloadOf(event, 'SUBMIT_SELF_ASSESSMENT').scores);
    case 'RECORD_ON_SITE':
      return (
        [scoresProblem(ctx, payloadOf(event, 'RECORD_ON_SITE').scores), dateProblem(ctx, event)]
          .filter(Boolean)
          .join('; ') || null
      );
    case 'DELIVER_FEEDBACK':
      return dateProblem(ctx, event);
    default:
      return null;
  }
}

function initialContext(input: AssessmentInput): Ctx {
  return {
    title: input.title,
    subject: input.subject,
    year: input.year,
    unitLeader: input.unitLeader,
    indicators: input.indicators.map(({ code, weight }) => ({ code, weight })),
    linkedFrom: input.linkedFrom ?? null,
    openedAt: input.openedAt,
    openedBy: input.openedBy,
    midYearCheck: null,
    selfAssessment: null,
    onSite: null,
    grade: null,
    feedback: null,
    application: null,
    lapses: [],
    outcome: null,
    closedAt: null,
  };
}

/** Keeps only the plan's indicators, in the plan's order. */
const planScores = (ctx: Ctx, scores: Scores): Scores =>
  Object.fromEntries(ctx.indicators.map(({ code }) => [code, scores[code]]));

/** The time limit of a stage passed: recorded, the case waits on (flagged overdue by the engine). */
const lapse = (stage: Stage) => ({ actions: { type: 'recordLapse' as const, params: { stage } } });

export const assessmentMachine = setup({
  types: {
    context: {} as Ctx,
    events: {} as Ev,
    input: {} as AssessmentInput,
  },
  // The engine computes due times from the workflow's deadline policies; these values are unused.
  delays: { selfAssessment: 1, onSite: 1, grading: 1, feedback: 1, application: 1 },
  guards: {
    accepted: ({ context, event }) => isProbe(event) || refusal(context, event) === null,
  },
  actions: {
    recordLapse: assign({
      lapses: ({ context, event }, params: { stage: Stage }) => [
        ...context.lapses,
        { stage: params.stage, at: event.at },
      ],
    }),
  },
}).createMachine({
  id: ASSESSMENT_WORKFLOW,
  initial: 'selfAssessment',
  context: ({ input }) => initialContext(input),
  states: {
    selfAssessment: {
      after: { selfAssessment: lapse('selfAssessment') },
      on: {
        RECORD_MID_YEAR_CHECK: {
          guard: 'accepted',
          actions: assign({
            midYearCheck: ({ event }) => {
              const { summary, findings } = payloadOf(event, 'RECORD_MID_YEAR_CHECK');
              return { summary, findings: findings ?? null, ...stamp(event) };
            },
          }),
        },
        SUBMIT_SELF_ASSESSMENT: {
          guard: 'accepted',
          target: 'onSite',
          actions: assign({
            selfAssessment: ({ context, event }) => {
              const { report, scores, evidenceRefs } = payloadOf(event, 'SUBMIT_SELF_ASSESSMENT');
              const own = planScores(context, scores);
              return {
                report,
                scores: own,
                total: weightedTotal(context.indicators, own),
                evidenceRefs,
                ...stamp(event),
              };
            },
          }),
        },
      },
    },
    onSite: {
      after: { onSite: lapse('onSite') },
      on: {
        RECORD_ON_SITE: {
          guard: 'accepted',
          target: 'grading',
          actions: assign({
            onSite: ({ context, event }) => {
              const { heldAt, scores, approvalRate, problems, notes } = payloadOf(event, 'RECORD_ON_SITE');
              const own = planScores(context, scores);
              return {
                heldAt,
                scores: own,
                total: weightedTotal(context.indicators, own),
                approvalRate,
                problems: (problems ?? []).map(({ description, responsible, dueAt }) => ({
                  description,
                  responsible,
                  dueAt,
                })),
                notes: notes ?? null,
                ...stamp(event),
              };
            },
          }),
        },
      },
    },
    grading: {
      after: { grading: lapse('grading') },
      on: {
        DECIDE_GRADE: {
          target: 'feedback',
          actions: assign({
            grade: ({ event }) => {
              const { grade, basis } = payloadOf(event, 'DECIDE_GRADE');
              return { grade, basis, ...stamp(event) };
            },
          }),
        },
      },
    },
    feedback: {
      after: { feedback: lapse('feedback') },
      on: {
        DELIVER_FEEDBACK: {
          guard: 'accepted',
          target: 'application',
          actions: assign({
            feedback: ({ event }) => {
              const { deliveredAt, feedback } = payloadOf(event, 'DELIVER_FEEDBACK');
              return { deliveredAt, feedback, ...stamp(event) };
            },
          }),
        },
      },
    },
    application: {
      after: { application: lapse('application') },
      on: {
        APPLY_RESULTS: {
          target: 'closed',
          actions: assign(({ context, event }) => {
            const { application, fileRef } = payloadOf(event, 'APPLY_RESULTS');
            return {
              application: { application, fileRef, ...stamp(event) },
              outcome: context.grade?.grade ?? null,
              closedAt: event.at,
            };
          }),
        },
      },
    },
    closed: { type: 'final' },
  },
});
