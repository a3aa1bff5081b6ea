import { ASSESSMENT_WORKFLOW, assessmentMachine } from '../machines/assessment.machine';
import type {
  AssessmentContext,
  AssessmentEvent,
  AssessmentEventType,
  AssessmentInput,
  Person,
  Stage,
} from '../machines/assessment.types';
import {
  defineWorkflow,
  type DeadlinePolicy,
  type EventPolicy,
  type OpenInput,
  type RoleDeclaration,
} from '../src/engine/workflow.types';
import { GRADE_BANDS, INDICATORS } from './assessment.indicators';
import {
  ApplyResultsPayload,
  AssessmentOpenPayload,
  DecideGradePayload,
  DeliverFeedbackPayload,
  GRADE_LABELS,
  MidYearCheckPayload,
  NameSupervisorPayload,
  OnSitePayload,
  SelfAssessmentPayload,
} from './assessment.payloads';
import { effects } from './assessment.effects';
import { assessmentRefusal } from './assessment.refusals';
import { ASSESSMENT_RULES } from './assessment.rules';
import { roles } from './roles';

export {
  FAILED_RELATION,
  FAILED_SUPERVISION_RELATION,
  PROBLEMS_RELATION,
  RESULT_RECORD_PREFIX,
} from './assessment.effects';
import { TALLIES } from './indices.tallies';

type Ctx = AssessmentContext;

/** The same roles (and labels) as the other procedures: the same people at the same desks. */
export const ASSESSMENT_ROLES: RoleDeclaration[] = roles(
  'integration',
  'officer',
  'leader',
  'committee',
  'principal',
);

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
      'Decide the grade: the band of the on-site total (excellent, good, pass or fail), or another grade with the reason for departing from it ' +
      "(fail opens accountability cases against the unit's principal leader and its supervisory responsible person)",
    requires: {
      zh: '等次须与实地考核加权总分所在档次一致，或写明偏离理由；评定不合格须已明确监督责任人',
      en: 'The grade is the band of the on-site total, or departs from it with a reason; a fail needs the supervisory responsible person named',
    },
  },
  DELIVER_FEEDBACK: {
    roles: ['officer'],
    payload: DeliverFeedbackPayload,
    description: 'Record the feedback delivered to the unit',
  },
  APPLY_RESULTS: {
    roles: ['leader'],
    payload: ApplyResultsPayload,
    description:
      "Record the results applied — each a reward, a talk, an adjustment or other, to the unit or to named people, and what — on the unit's record; " +
      'closes the case with the grade as its outcome (a failed unit gets no reward)',
  },
  NAME_SUPERVISOR: {
    roles: ['officer'],
    payload: NameSupervisorPayload,
    description:
      'Name the unit’s supervisory responsible person (the discipline head) before the grade: on a case opened on version 1 without one (needed for a fail), or when the post changed hands',
    sideMove: true,
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

const person = ({ ref, name, post }: Person): Person => ({ ref, name, ...(post && { post }) });

function input(open: OpenInput<AssessmentOpenPayload>): AssessmentInput {
  const { year, unitLeader, supervisor, weights } = open.payload;
  return {
    title: open.title,
    subject: open.subject,
    year,
    unitLeader: person(unitLeader),
    supervisor: person(supervisor),
    indicators: INDICATORS.map(({ code, weight }) => ({ code, weight: weights?.[code] ?? weight })),
    bands: GRADE_BANDS.map(({ grade, min }) => ({ grade, min })),
    linkedFrom: open.linkedFrom ?? null,
    openedAt: open.at,
    openedBy: open.actor,
  };
}

export const assessmentWorkflow = defineWorkflow<Ctx, AssessmentEvent, AssessmentOpenPayload>({
  name: ASSESSMENT_WORKFLOW,
  version: 2,
  title: 'Annual assessment (年度考核)',
  caseNumberLabel: { zh: '考核', en: 'Assess' },
  description:
    "The annual assessment of a unit's two responsibilities: an indicator plan with weights (" +
    INDICATORS.map((i) => `${i.label.zh} ${i.weight}`).join(', ') +
    ' by default), the self-assessment with evidence, an optional mid-year check, the on-site assessment ' +
    '(scores, survey approval rate, problems found), the grade decided by the committee, feedback to the unit ' +
    'and the results applied (each a reward, a talk, an adjustment or other, to the unit or named people, on the ' +
    "unit's record). The grade is the band of the on-site total (" +
    GRADE_BANDS.map((b) => `${GRADE_LABELS[b.grade].zh} ≥ ${b.min}`).join(', ') +
    ') unless the committee records why it departs. Problems found open a rectification case; a failed ' +
    "unit's principal leader (主体责任) and supervisory responsible person (监督责任) are each pursued in an " +
    'accountability case (倒查); all linked both ways.',
  machine: assessmentMachine,
  roles: ASSESSMENT_ROLES,
  open: { roles: ['integration', 'officer'], payload: AssessmentOpenPayload, subjectKinds: ['organisation'] },
  events,
  deadlines,
  effectTypes: ['openCase', 'recordMeasures'],
  input,
  outcome: (context) => context.outcome,
  // what the indices count inside its cases (workflows/indices.tallies.ts)
  tallies: TALLIES.assessment,
  effects,
  explainRefusal: assessmentRefusal,
  rules: ASSESSMENT_RULES,
});
