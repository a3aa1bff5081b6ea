/*
 * Version 1 of the annual assessment (年度考核), as it was deployed: frozen so that cases stored on it
 * still advance, verify and replay. New cases open on version 2 (../assessment.workflow.ts); a stored
 * case moves with POST /cases/:id/migrate (the states are the same: map none).
 */
import { ASSESSMENT_WORKFLOW, assessmentMachine, refusal } from '../../machines/v1/assessment.machine';
import type {
  AssessmentContext,
  AssessmentEvent,
  AssessmentEventType,
  AssessmentInput,
  Stage,
} from '../../machines/v1/assessment.types';
import {
  defineWorkflow,
  type DeadlinePolicy,
  type EffectsInput,
  type EventPolicy,
  type OpenInput,
  type RoleDeclaration,
  type WorkflowEffect,
} from '../../src/engine/workflow.types';
import { INDICATORS } from '../assessment.indicators';
import {
  DeliverFeedbackPayload,
  GRADE_LABELS,
  MidYearCheckPayload,
  OnSitePayload,
  SelfAssessmentPayload,
} from '../assessment.payloads';
import { roles } from '../roles';
import {
  ApplyResultsPayloadV1 as ApplyResultsPayload,
  AssessmentOpenPayloadV1 as AssessmentOpenPayload,
  DecideGradePayloadV1 as DecideGradePayload,
} from './assessment.payloads';
import { TALLIES } from '../indices.tallies';

type Ctx = AssessmentContext;

/** The same roles (and labels) as the other procedures: the same people at the same desks. */
const ASSESSMENT_ROLES: RoleDeclaration[] = roles(
  'integration',
  'officer',
  'leader',
  'committee',
  'principal',
);

/** The relation of the accountability case a failed assessment opens against the unit's principal leader (倒查). */
const FAILED_RELATION = 'assessmentFailed';
/** The relation of the rectification case the problems found on site open (their items). */
const PROBLEMS_RELATION = 'assessmentProblems';

const events: Record<AssessmentEventType, EventPolicy<Ctx>> = {
  RECORD_MID_YEAR_CHECK: {
    roles: ['officer'],
    payload: MidYearCheckPayload,
    description: 'Record the optional mid-year check of the unit (once)',
    sideMove: true,
  },
  SUBMIT_SELF_ASSESSMENT: {
    roles: ['principal', 'officer'],
    payload: SelfAssessmentPayload,
    description:
      "Submit the unit's self-assessment: a score per indicator and the evidence references (the principal responsible person, or the officer on the unit's behalf)",
  },
  RECORD_ON_SITE: {
    roles: ['officer'],
    payload: OnSitePayload,
    description:
      'Record the on-site assessment: a score per indicator, the survey approval rate and the problems found (they open a rectification case for the unit)',
  },
  DECIDE_GRADE: {
    roles: ['committee'],
    payload: DecideGradePayload,
    description:
      "Decide the grade: excellent, good, pass or fail (fail opens an accountability case against the unit's principal leader)",
  },
  DELIVER_FEEDBACK: {
    roles: ['officer'],
    payload: DeliverFeedbackPayload,
    description: 'Record the feedback delivered to the unit',
  },
  APPLY_RESULTS: {
    roles: ['leader'],
    payload: ApplyResultsPayload,
    description: 'Record how the results were applied; closes the case with the grade as its outcome',
  },
};

/** The end of the assessed year in Beijing time (years are counted in UTC+8). */
const endOfYear = (year: number) => new Date(`${String(year + 1).padStart(4, '0')}-01-01T00:00:00+08:00`);

/**
 * Each stage's time limit (DEADLINE_OVERRIDES by delay name or kind, which are the same), flagged
 * overdue until the stage's work is done:
 *   selfAssessment  P1M   after the end of the assessed year (Beijing time), or after the opening if
 *                         that is later: the self-assessment report in January
 *   onSite          P1M   from the self-assessment to the on-site assessment
 *   grading         P15WD from the on-site assessment to the committee's grade (working days)
 *   feedback        P15WD from the grade to the feedback delivered to the unit
 *   application     P1M   from the feedback to the results applied
 */
const deadlines: Record<Stage, DeadlinePolicy<Ctx>> = {
  selfAssessment: {
    kind: 'selfAssessment',
    duration: 'P1M',
    flagsOverdue: true,
    due: ({ context, at, duration, calendar }) => {
      const afterYear = calendar.add(endOfYear(context.year), duration);
      const afterOpening = calendar.add(new Date(at), duration);
      return afterYear > afterOpening ? afterYear : afterOpening;
    },
  },
  onSite: { kind: 'onSite', duration: 'P1M', flagsOverdue: true },
  grading: { kind: 'grading', duration: 'P15WD', flagsOverdue: true },
  feedback: { kind: 'feedback', duration: 'P15WD', flagsOverdue: true },
  application: { kind: 'application', duration: 'P1M', flagsOverdue: true },
};

function input(open: OpenInput<AssessmentOpenPayload>): AssessmentInput {
  const { year, unitLeader, weights } = open.payload;
  return {
    title: open.title,
    subject: open.subject,
    year,
    unitLeader: {
      ref: unitLeader.ref,
      name: unitLeader.name,
      ...(unitLeader.post && { post: unitLeader.post }),
    },
    indicators: INDICATORS.map(({ code, weight }) => ({ code, weight: weights?.[code] ?? weight })),
    linkedFrom: open.linkedFrom ?? null,
    openedAt: open.at,
    openedBy: open.actor,
  };
}

/** The longest facts the accountability procedure takes. */
const FACTS_MAX = 20_000;

const label = (code: string) => INDICATORS.find((i) => i.code === code)?.label.en ?? code;

function failedFacts(ctx: Ctx): string {
  const self = ctx.selfAssessment;
  const site = ctx.onSite;
  const text = [
    `The ${ctx.year} assessment of ${ctx.subject.name} ("${ctx.title}") was graded ${GRADE_LABELS.fail.en} (${GRADE_LABELS.fail.zh}).`,
    site &&
      `On-site assessment (${site.heldAt}): weighted total ${site.total}; ` +
        ctx.indicators.map((i) => `${label(i.code)} ${site.scores[i.code]} (weight ${i.weight})`).join(', ') +
        `; survey approval rate ${site.approvalRate}%.`,
    self && `Self-assessment: weighted total ${self.total}.`,
    ...(site?.problems ?? []).map(
      (p, n) => `Problem ${n + 1}: ${p.description} (responsible: ${p.responsible})`,
    ),
    ctx.grade && `Basis of the grade: ${ctx.grade.basis}`,
  ]
    .filter(Boolean)
    .join('\n');
  // The accountability case's facts hold at most FACTS_MAX characters (code points).
  const chars = [...text];
  return chars.length <= FACTS_MAX ? text : `${chars.slice(0, FACTS_MAX - 1).join('')}…`;
}

function effects({ before, after, event }: EffectsInput<Ctx, AssessmentEvent>): WorkflowEffect[] {
  const ctx = after.context;
  // The problems found on site: one rectification case for the unit, each problem an item with its due date.
  if (event.type === 'RECORD_ON_SITE' && !before.context.onSite && ctx.onSite?.problems.length) {
    return [
      {
        type: 'openCase',
        workflow: 'rectification',
        relation: PROBLEMS_RELATION,
        title: `Rectification of the problems found by the ${ctx.year} assessment: ${ctx.subject.name}`,
        subject: ctx.subject,
        payload: {
          source: 'assessment',
          unitLeader: ctx.unitLeader,
          items: ctx.onSite.problems.map(({ description, responsible, dueAt }) => ({
            description,
            responsible,
            dueAt,
          })),
        },
      },
    ];
  }
  // A failed unit: its principal leader is pursued (倒查), main leadership responsibility.
  if (event.type === 'DECIDE_GRADE' && !before.context.grade && ctx.grade?.grade === 'fail') {
    const leader = ctx.unitLeader;
    return [
      {
        type: 'openCase',
        workflow: 'accountability',
        relation: FAILED_RELATION,
        title: `Accountability for the failed ${ctx.year} assessment: ${ctx.subject.name}`,
        subject: {
          ref: leader.ref,
          kind: 'individual',
          name: leader.name,
          organisation: ctx.subject.name,
          ...(leader.post && { post: leader.post }),
        },
        payload: {
          source: 'superiorInstruction',
          facts: failedFacts(ctx),
          situation: 'dutiesNotCarriedOut',
          responsibility: 'mainLeadership',
        },
      },
    ];
  }
  return [];
}

export const assessmentWorkflowV1 = defineWorkflow<Ctx, AssessmentEvent, AssessmentOpenPayload>({
  name: ASSESSMENT_WORKFLOW,
  version: 1,
  title: 'Annual assessment (年度考核)',
  description:
    "The annual assessment of a unit's two responsibilities: an indicator plan with weights (" +
    INDICATORS.map((i) => `${i.label.zh} ${i.weight}`).join(', ') +
    ' by default), the self-assessment with evidence, an optional mid-year check, the on-site assessment ' +
    '(scores, survey approval rate, problems found), the grade decided by the committee, feedback to the unit ' +
    "and the results applied. Problems found open a rectification case; a failed unit's principal leader is " +
    'pursued in an accountability case (倒查); both linked.',
  machine: assessmentMachine,
  roles: ASSESSMENT_ROLES,
  open: { roles: ['integration', 'officer'], payload: AssessmentOpenPayload, subjectKinds: ['organisation'] },
  events,
  deadlines,
  effectTypes: ['openCase'],
  input,
  outcome: (context) => context.outcome,
  // what the indices count inside its cases (workflows/indices.tallies.ts)
  tallies: TALLIES.assessment,
  effects,
  explainRefusal: refusal,
});
