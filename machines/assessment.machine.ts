/*
 * Annual assessment of a unit's two responsibilities (年度考核).
 *
 *   selfAssessment --SUBMIT_SELF_ASSESSMENT--> onSite --RECORD_ON_SITE--> grading --DECIDE_GRADE--> feedback
 *     (RECORD_MID_YEAR_CHECK, once)                                                                    |
 *                                            closed <--APPLY_RESULTS-- application <--DELIVER_FEEDBACK-+
 *
 * Version 2. The plan (indicators with weights adding up to 100, and the grade bands) comes with the
 * opening. Scores are 0–100 per indicator of the plan; the machine keeps the weighted total of the
 * self-assessment and of the on-site assessment. The committee decides the grade (excellent, good,
 * pass, fail), which is the case's outcome: the band of the on-site total, or another grade with a
 * recorded reason (departureReason). A fail is decided only when both the unit's principal leader
 * (主体责任) and its supervisory responsible person (监督责任) are named. The results applied are
 * structured: per result a kind, to whom, and what; a failed unit gets no reward. Every stage has a
 * time limit (delay named after the stage): when it passes the lapse is recorded and the case waits on,
 * flagged overdue, until the stage's work is done.
 *
 * What the workflow does with the decisions (accountability cases against the principal leader and
 * the supervisory responsible person on `fail`, a rectification case for the problems found on site,
 * the results on the unit's record) is its effects, not the machine's. The named rules and their
 * sources are in workflows/assessment.rules.ts.
 */
import { and, assign, setup } from 'xstate';
import { type DatedField, payloadReader, recordedDateProblem, stamp } from './machine-events';
import type {
  AssessmentContext,
  AssessmentEvent,
  AssessmentInput,
  Band,
  Grade,
  Indicator,
  Payloads,
  Person,
  Result,
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

/** The seeds' bands (local practice): a case opened on version 1 carries none and is graded by these. */
export const SEED_BANDS: readonly Band[] = [
  { grade: 'excellent', min: 90 },
  { grade: 'good', min: 80 },
  { grade: 'pass', min: 60 },
  { grade: 'fail', min: 0 },
];

/** The band a weighted total falls in: the first (highest) band whose minimum it reaches. */
export function bandOf(bands: readonly Band[], total: number): Grade {
  return (bands.find((b) => total >= b.min) ?? bands[bands.length - 1]).grade;
}

/** The band of the case's on-site total, or null before the on-site assessment. */
export function caseBand(ctx: Ctx): Grade | null {
  return ctx.onSite ? bandOf(ctx.bands ?? SEED_BANDS, ctx.onSite.total) : null;
}

const hasText = (s: string | undefined | null): s is string => typeof s === 'string' && s.trim() !== '';

/**
 * Why the grade does not follow the on-site total, or null: the grade is the band of the total, or
 * another grade with the reason for departing from it — and a reason only when it departs.
 */
export function bandProblem(ctx: Ctx, payload: Payloads['DECIDE_GRADE']): string | null {
  const band = caseBand(ctx);
  if (!band || !ctx.onSite) return 'the grade needs the on-site assessment first';
  const { grade, departureReason } = payload;
  const total = ctx.onSite.total;
  if (grade !== band && !hasText(departureReason)) {
    return `the on-site total ${total} falls in the band ${band}: grading it ${grade} needs departureReason (why the committee departs from the band)`;
  }
  if (grade === band && departureReason !== undefined) {
    return `the grade ${grade} is the band of the on-site total ${total}: departureReason is given only when the grade departs from the band`;
  }
  return null;
}

/** Why a fail cannot be decided yet: the supervisory responsible person is not named (a version-1 case). */
export function personsProblem(ctx: Ctx, grade: Grade): string | null {
  return grade === 'fail' && !ctx.supervisor
    ? 'a fail reaches the principal leader and the supervisory responsible person (倒查): name the supervisory responsible person first (NAME_SUPERVISOR)'
    : null;
}

/** Why the results cannot be applied: a unit graded fail gets no reward (no honours for a failed unit). */
export function resultsProblem(ctx: Ctx, payload: Payloads['APPLY_RESULTS']): string | null {
  const rewarded = payload.results.findIndex((r) => r.kind === 'reward' && !r.people?.length);
  return ctx.grade?.grade === 'fail' && rewarded >= 0
    ? `results[${rewarded}] rewards the unit, which was graded fail: a failed unit gets no reward`
    : null;
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

/** The rule (by id, see workflows/assessment.rules.ts) whose guard refuses an event, and why; null when none does. */
export function ruleRefusal(ctx: Ctx, event: Ev): { message: string; rule: string } | null {
  const of = (rule: string, message: string | null) => (message ? { message, rule } : null);
  switch (event.type) {
    case 'DECIDE_GRADE': {
      const p = payloadOf(event, 'DECIDE_GRADE');
      return (
        of('gradeFollowsScore', bandProblem(ctx, p)) ?? of('failReachesBoth', personsProblem(ctx, p.grade))
      );
    }
    case 'APPLY_RESULTS':
      return of('noRewardOnFail', resultsProblem(ctx, payloadOf(event, 'APPLY_RESULTS')));
    case 'SUBMIT_SELF_ASSESSMENT':
    case 'RECORD_ON_SITE': {
      const scores = payloadOf(event, event.type).scores;
      return of('scoresFitPlan', scoresProblem(ctx, scores));
    }
    default:
      return null;
  }
}

/** Why an event is refused by a guard that enforces no named rule (a date out of order, once only), or null. */
export function otherProblem(ctx: Ctx, event: Ev): string | null {
  switch (event.type) {
    case 'RECORD_MID_YEAR_CHECK':
      return midYearProblem(ctx);
    case 'RECORD_ON_SITE':
    case 'DELIVER_FEEDBACK':
      return dateProblem(ctx, event);
    default:
      return null;
  }
}

/**
 * Why the machine refuses an event its state names, in words, with the rule when a named rule's guard
 * refused it; null when no guard does.
 */
export function explainRefusal(ctx: Ctx, event: Ev): { message: string; rule?: string } | null {
  if (event.type === 'NAME_SUPERVISOR' && ctx.grade) {
    return {
      message: `the grade was decided at ${ctx.grade.at}: the supervisory responsible person is named before the grade`,
    };
  }
  const ruled = ruleRefusal(ctx, event);
  const other = otherProblem(ctx, event);
  if (!ruled) return other ? { message: other } : null;
  return { message: other ? `${ruled.message}; ${other}` : ruled.message, rule: ruled.rule };
}

/** Why an event is refused, in words; null when it is not. */
export function refusal(ctx: Ctx, event: Ev): string | null {
  return explainRefusal(ctx, event)?.message ?? null;
}

function initialContext(input: AssessmentInput): Ctx {
  return {
    title: input.title,
    subject: input.subject,
    year: input.year,
    unitLeader: input.unitLeader,
    supervisor: input.supervisor ?? null,
    indicators: input.indicators.map(({ code, weight }) => ({ code, weight })),
    ...(input.bands && { bands: input.bands.map(({ grade, min }) => ({ grade, min })) }),
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

const copyPerson = ({ ref, name, post }: Person): Person => ({ ref, name, ...(post && { post }) });

const copyResult = ({ kind, people, what }: Result): Result => ({
  kind,
  ...(people?.length && { people: people.map(copyPerson) }),
  what,
});

/** A case opened on version 1 names its supervisory responsible person once, in any stage before closing. */
export const assessmentMachine = setup({
  types: {
    context: {} as Ctx,
    events: {} as Ev,
    input: {} as AssessmentInput,
  },
  // The engine computes due times from the workflow's deadline policies; these values are unused.
  delays: { selfAssessment: 1, onSite: 1, grading: 1, feedback: 1, application: 1 },
  guards: {
    accepted: ({ context, event }) => isProbe(event) || otherProblem(context, event) === null,
    scoresFitPlan: ({ context, event }) =>
      isProbe(event) ||
      (event.type === 'SUBMIT_SELF_ASSESSMENT' || event.type === 'RECORD_ON_SITE'
        ? scoresProblem(context, payloadOf(event, event.type).scores) === null
        : true),
    gradeFollowsScore: ({ context, event }) =>
      isProbe(event) || bandProblem(context, payloadOf(event, 'DECIDE_GRADE')) === null,
    responsiblePersonsNamed: ({ context, event }) =>
      isProbe(event) || personsProblem(context, payloadOf(event, 'DECIDE_GRADE').grade) === null,
    noRewardOnFail: ({ context, event }) =>
      isProbe(event) || resultsProblem(context, payloadOf(event, 'APPLY_RESULTS')) === null,
    beforeGrade: ({ context }) => context.grade === null,
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
  // The supervisory responsible person is named (a case opened on version 1 had none) or replaced (the
  // post changed hands) in any stage before the grade: the grade's 倒查 pursues whoever holds it then.
  on: {
    NAME_SUPERVISOR: {
      guard: 'beforeGrade',
      actions: assign({
        supervisor: ({ event }) => copyPerson(payloadOf(event, 'NAME_SUPERVISOR').supervisor),
      }),
    },
  },
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
          guard: 'scoresFitPlan',
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
          guard: and(['scoresFitPlan', 'accepted']),
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
          guard: and(['gradeFollowsScore', 'responsiblePersonsNamed']),
          target: 'feedback',
          actions: assign({
            grade: ({ context, event }) => {
              const { grade, basis, departureReason } = payloadOf(event, 'DECIDE_GRADE');
              const band = caseBand(context) ?? grade;
              return { grade, basis, band, departureReason: departureReason ?? null, ...stamp(event) };
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
          guard: 'noRewardOnFail',
          target: 'closed',
          actions: assign(({ context, event }) => {
            const { results, fileRef } = payloadOf(event, 'APPLY_RESULTS');
            return {
              application: { results: results.map(copyResult), fileRef, ...stamp(event) },
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
