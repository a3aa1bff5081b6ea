import { bandOf, SEED_BANDS } from '../machines/assessment.machine';
import type {
  AssessmentContext,
  AssessmentEvent,
  AssessmentEventType,
  Payloads,
  Stage,
} from '../machines/assessment.types';
import type {
  EffectsInput,
  MachineEvent,
  OpenCaseEffect,
  PathStep,
  RuleModel,
  WorkflowRule,
  WorkflowRules,
} from '../src/engine/workflow.types';
import { effects, PURSUED } from './assessment.effects';
import { lastStep as last, previousStep as previous } from './rule-paths';

/*
 * The annual assessment's rules (version 2), each with its source and proven over every path of the
 * machine by `npm run rules` (src/engine/rules/rule-checker.ts). Where a rule comes from local practice
 * rather than a regulation, its source says so: the seeds' assessment practice is a policy of the
 * deployment (the indicator plan and its bands are configuration).
 */

type Ctx = AssessmentContext;
type Step = PathStep<Ctx>;
type Path = readonly Step[];

const SEED_PRACTICE = {
  zh: '种子材料：年度考核实践（自查自评、实地考核、综合评定、反馈、结果运用；地方做法，可配置）',
  en: 'Seeds: annual assessment practice (self-assessment, on-site, grading, feedback, results applied; local practice, configurable)',
};

/** The stages happen in their order: no on-site before the self-assessment, no grade before the on-site, … */
const stagesInOrder: WorkflowRule<Ctx> = {
  id: 'stagesInOrder',
  source: SEED_PRACTICE,
  text: {
    zh: '考核按自查自评、实地考核、评定等次、结果反馈、结果运用的顺序进行，不得跳过',
    en: 'The stages follow in order — self-assessment, on-site, grade, feedback, results applied — none skipped',
  },
  check: (path) => {
    const { context: c } = last(path);
    const order: [unknown, string, unknown, string][] = [
      [c.onSite, 'the on-site assessment', c.selfAssessment, 'the self-assessment'],
      [c.grade, 'the grade', c.onSite, 'the on-site assessment'],
      [c.feedback, 'the feedback', c.grade, 'the grade'],
      [c.application, 'the results applied', c.feedback, 'the feedback'],
    ];
    const gap = order.find(([later, , earlier]) => later && !earlier);
    return gap ? `${gap[1]} was recorded without ${gap[3]}` : null;
  },
};

const PLAN_SOURCE = {
  zh: '种子材料：年度考核指标及权重（config/assessment-indicators.json）',
  en: 'Seeds: the indicator plan with weights (config/assessment-indicators.json)',
};

/** Every recorded score set has exactly the plan's indicators. */
const scoresFitPlan: WorkflowRule<Ctx> = {
  id: 'scoresFitPlan',
  source: PLAN_SOURCE,
  text: {
    zh: '自评和实地考核须按考核方案逐项指标评分，不多不少',
    en: "The self-assessment and the on-site assessment score exactly the plan's indicators",
  },
  guards: ['scoresFitPlan'],
  check: (path) => {
    const { context: c } = last(path);
    const plan = c.indicators.map((i) => i.code).join(',');
    for (const [what, entry] of [
      ['self-assessment', c.selfAssessment],
      ['on-site assessment', c.onSite],
    ] as const) {
      if (!entry) continue;
      const scored = Object.entries(entry.scores);
      if (scored.some(([, v]) => typeof v !== 'number') || scored.map(([k]) => k).join(',') !== plan) {
        return `the ${what} scores ${JSON.stringify(entry.scores)}, not the plan's ${plan}`;
      }
    }
    return null;
  },
};

/** Dates recorded are not in the future and not before the step they follow; the mid-year check is recorded once. */
const datesInOrder: WorkflowRule<Ctx> = {
  id: 'datesInOrder',
  source: {
    zh: '种子材料：每一步都留下真实记录（考核时间不早于自评，反馈不早于评定，均不晚于记录时）',
    en: 'Seeds: every step leaves a true record (on-site not before the self-assessment, feedback not before the grade, neither after it is recorded)',
  },
  text: {
    zh: '实地考核时间不得早于自评提交、不得晚于记录时间；反馈送达时间不得早于等次评定、不得晚于记录时间',
    en: 'The on-site date is after the self-assessment and not after it is recorded; the feedback date is after the grade and not after it is recorded',
  },
  guards: ['accepted'],
  check: (path) => {
    const { context: c } = last(path);
    const t = Date.parse;
    if (c.onSite && c.selfAssessment) {
      const held = t(c.onSite.heldAt);
      if (held < t(c.selfAssessment.at) || held > t(c.onSite.at)) {
        return `on-site held at ${c.onSite.heldAt}, outside ${c.selfAssessment.at} … ${c.onSite.at}`;
      }
    }
    if (c.feedback && c.grade) {
      const delivered = t(c.feedback.deliveredAt);
      if (delivered < t(c.grade.at) || delivered > t(c.feedback.at)) {
        return `feedback delivered at ${c.feedback.deliveredAt}, outside ${c.grade.at} … ${c.feedback.at}`;
      }
    }
    return null;
  },
};

const midYearCheckOnce: WorkflowRule<Ctx> = {
  id: 'midYearCheckOnce',
  source: SEED_PRACTICE,
  text: {
    zh: '年中检查为可选环节，至多记录一次',
    en: 'The mid-year check is optional and recorded at most once',
  },
  guards: ['accepted'],
  check: (path) => {
    const before = previous(path);
    const { event } = last(path);
    return event?.type === 'RECORD_MID_YEAR_CHECK' && before?.context.midYearCheck
      ? 'a second mid-year check was recorded'
      : null;
  },
};

/** A stage's time limit that passes is recorded (the case waits on, flagged overdue). */
const lapsesRecorded: WorkflowRule<Ctx> = {
  id: 'lapsesRecorded',
  source: {
    zh: '种子材料：每个时限都有人盯（各阶段期限，地方做法，可配置）',
    en: "Seeds: every time limit is watched (each stage's limit; local practice, configurable)",
  },
  text: {
    zh: '各阶段期限届满未完成的，记录逾期并标记，案件继续等待该阶段完成',
    en: "When a stage's time limit passes before its work is done, the lapse is recorded and the case waits on",
  },
  check: (path) => {
    const before = previous(path);
    const { event, context } = last(path);
    const stage = event?.type.startsWith('xstate.after.') ? (event.type.split('.')[2] as Stage) : null;
    if (!before || !stage) return null;
    const added = context.lapses.slice(before.context.lapses.length);
    return added.length === 1 && added[0].stage === stage && added[0].at === event!.at
      ? null
      : `the ${stage} limit passed and ${added.length ? 'another lapse' : 'no lapse'} was recorded`;
  },
};

/** The grade is the band of the on-site total, or departs from it with a recorded reason (and only then). */
const gradeFollowsScore: WorkflowRule<Ctx> = {
  id: 'gradeFollowsScore',
  source: {
    zh: '种子材料：年度考核等次按综合得分确定（优秀≥90、良好≥80、合格≥60、不合格<60；地方做法，考核方案配置）',
    en: 'Seeds: the grade follows the weighted score (excellent ≥ 90, good ≥ 80, pass ≥ 60, else fail; local practice, set in the indicator plan)',
  },
  text: {
    zh: '考核委员会评定的等次须为实地考核加权总分所在档次；偏离档次的，须记录理由，未偏离的不得填写偏离理由',
    en: "The committee's grade is the band of the on-site weighted total; a different grade only with a recorded reason, and a reason only then",
  },
  guards: ['gradeFollowsScore'],
  check: (path) => {
    const { context: c } = last(path);
    if (!c.grade || !c.onSite) return null;
    const band = bandOf(c.bands ?? SEED_BANDS, c.onSite.total);
    const reason = c.grade.departureReason;
    if (c.grade.grade !== band && !reason?.trim()) {
      return `graded ${c.grade.grade} with the on-site total ${c.onSite.total} in the band ${band}, without a reason`;
    }
    if (c.grade.grade === band && reason != null)
      return `a departure reason recorded for the band's own grade`;
    return null;
  },
};

/** No calendar is read by the assessment's effects; the contract asks for one. */
const NO_CALENDAR = {
  add: () => {
    throw new Error('the assessment effects read no calendar');
  },
};

/** The accountability cases the step opens (its workflow's effects). */
function opened(path: Path): OpenCaseEffect[] {
  const before = previous(path);
  const after = last(path);
  if (!before || !after.event) return [];
  const input = {
    before: { value: before.state, context: before.context },
    after: { value: after.state, context: after.context },
    event: after.event as AssessmentEvent,
    calendar: NO_CALENDAR,
  } satisfies EffectsInput<Ctx, AssessmentEvent>;
  return effects(input).filter(
    (e): e is OpenCaseEffect => e.type === 'openCase' && e.workflow === 'accountability',
  );
}

/** A fail pursues both the principal leader and the supervisory responsible person, each naming a responsibility. */
const failReachesBoth: WorkflowRule<Ctx> = {
  id: 'failReachesBoth',
  source: {
    zh: '《中国共产党问责条例》（2019）第六条；种子材料：党风廉政建设主体责任和监督责任（考核不合格倒查主体责任人和监督责任人）',
    en: 'CPC Accountability Regulations (2019) Art 6; seeds: the principal and the supervisory responsibility (a failed assessment pursues both)',
  },
  text: {
    zh: '考核不合格的，对单位主要负责人（主体责任）和监督责任人（监督责任）分别启动问责，双向关联，各自写明责任类型',
    en: "A fail opens an accountability case against the unit's principal leader (principal responsibility) and its supervisory responsible person (supervisory responsibility), each linked and naming a responsibility",
  },
  guards: ['responsiblePersonsNamed'],
  check: (path) => {
    const before = previous(path);
    const { context: c } = last(path);
    if (!before || before.context.grade || c.grade?.grade !== 'fail') return null;
    const cases = opened(path);
    for (const { role, relation } of PURSUED) {
      const who = c[role];
      const found = who && cases.find((e) => e.relation === relation && e.subject.ref === who.ref);
      if (!found) return `the fail opened no accountability case against the ${role}`;
      if (!found.payload.responsibility) return `the case against the ${role} names no responsibility`;
    }
    return null;
  },
};

const noRewardOnFail: WorkflowRule<Ctx> = {
  id: 'noRewardOnFail',
  source: {
    zh: '种子材料：考核结果运用——考核不合格的单位不得评先评优（地方做法）',
    en: 'Seeds: applying the results — a unit graded fail gets no reward or commendation (local practice)',
  },
  text: {
    zh: '考核不合格的单位，结果运用中不得给予单位奖励表彰',
    en: 'A unit graded fail is given no reward',
  },
  guards: ['noRewardOnFail'],
  check: (path) => {
    const { context: c } = last(path);
    const rewarded = c.application?.results.some((r) => r.kind === 'reward' && !r.people?.length);
    return c.grade?.grade === 'fail' && rewarded ? 'a failed unit was rewarded' : null;
  },
};

export const RULE_LIST: readonly WorkflowRule<Ctx>[] = [
  stagesInOrder,
  scoresFitPlan,
  datesInOrder,
  midYearCheckOnce,
  lapsesRecorded,
  gradeFollowsScore,
  failReachesBoth,
  noRewardOnFail,
];

// ---- the model the checker walks ----------------------------------------------------------------

/** A small plan (two indicators) keeps the walk short; the rules read the plan from the context. */
const PLAN = [
  { code: 'keyTasks', weight: 60 },
  { code: 'integrity', weight: 40 },
];
const SUBJECT = { ref: 'unit-1', kind: 'organisation', name: 'Township Office 1' };
const LEADER = { ref: 'p-1', name: 'Li Si', post: 'Party secretary' };
const SUPERVISOR = { ref: 'p-2', name: 'Zhou Qi', post: 'Discipline inspection secretary' };
const OPENED_AT = '2026-01-05T01:00:00.000Z';
const base = {
  title: 'Annual assessment 2025',
  subject: SUBJECT,
  year: 2025,
  unitLeader: LEADER,
  indicators: PLAN,
  linkedFrom: null,
  openedAt: OPENED_AT,
  openedBy: 'office',
};

/** The on-site totals tried, one in each of the seeds' bands. */
const TOTALS = [95, 85, 70, 40];
const scores = (v: number) => ({ keyTasks: v, integrity: v });
const GRADE_TRIES: Payloads['DECIDE_GRADE'][] = (['excellent', 'good', 'pass', 'fail'] as const).flatMap(
  (grade) => [
    { grade, basis: 'the totals' },
    { grade, basis: 'the totals', departureReason: 'a serious incident in the year' },
  ],
);

const DAY = 86_400_000;
const shift = (at: string, days: number) => new Date(Date.parse(at) + days * DAY).toISOString();

function userEvents(c: Ctx, at: string): { [K in AssessmentEventType]?: Payloads[K][] } {
  return {
    RECORD_MID_YEAR_CHECK: [{ summary: 'half done' }],
    SUBMIT_SELF_ASSESSMENT: [
      { report: 'r', scores: scores(90), evidenceRefs: ['EV-1'] },
      { report: 'r', scores: { keyTasks: 90 }, evidenceRefs: ['EV-1'] },
    ],
    RECORD_ON_SITE: [
      ...TOTALS.map((v) => ({ heldAt: at, scores: scores(v), approvalRate: 90 })),
      { heldAt: at, scores: { keyTasks: 90, ghost: 1 }, approvalRate: 90 },
      { heldAt: shift(at, 1), scores: scores(95), approvalRate: 90 },
      { heldAt: shift(c.selfAssessment?.at ?? at, -1), scores: scores(95), approvalRate: 90 },
    ],
    DECIDE_GRADE: GRADE_TRIES,
    DELIVER_FEEDBACK: [
      { deliveredAt: at, feedback: 'f' },
      { deliveredAt: shift(c.grade?.at ?? at, -1), feedback: 'f' },
    ],
    APPLY_RESULTS: [
      { results: [{ kind: 'reward', what: 'commended' }], fileRef: 'F-1' },
      { results: [{ kind: 'talk', people: [LEADER], what: 'a talk' }], fileRef: 'F-1' },
    ],
    NAME_SUPERVISOR: [{ supervisor: SUPERVISOR }],
  };
}

const STAGE_OF: Record<string, Stage> = {
  selfAssessment: 'selfAssessment',
  onSite: 'onSite',
  grading: 'grading',
  feedback: 'feedback',
  application: 'application',
};

function events(step: Step, at: string): MachineEvent[] {
  const c = step.context;
  const tries = userEvents(c, at);
  const user = Object.entries(tries).flatMap(([type, payloads]) =>
    (payloads as object[]).map((payload) => ({
      type,
      payload: payload as Record<string, unknown>,
      at,
      actor: 'someone',
    })),
  );
  // The engine fires each stage's limit once, at most while the stage lasts.
  const stage = STAGE_OF[step.state];
  const fired = c.lapses.some((l) => l.stage === stage);
  const timeout =
    stage && !fired
      ? [{ type: `xstate.after.${stage}.assessment.${stage}`, payload: {}, at, actor: 'system:deadline' }]
      : [];
  return [...user, ...timeout];
}

/** What the rules read: the state, who is named, the entries recorded (without their times), the lapses' stages. */
function key(step: Step): string {
  const c = step.context;
  return JSON.stringify([
    step.state,
    c.supervisor?.ref ?? null,
    step.state === 'selfAssessment' && !!c.midYearCheck,
    c.lapses.some((l) => l.stage === STAGE_OF[step.state]),
    c.onSite?.total ?? null,
    c.grade ? [c.grade.grade, c.grade.departureReason] : null,
    c.application?.results.map((r) => r.kind) ?? null,
  ]);
}

export const RULE_MODEL: RuleModel<Ctx> = {
  inputs: {
    'a unit with both responsible persons named': { ...base, supervisor: SUPERVISOR, bands: [...SEED_BANDS] },
    'a case opened on version 1 (no supervisory person, no bands), migrated': { ...base },
  },
  events,
  key,
  maxDepth: 9,
};

export const ASSESSMENT_RULES: WorkflowRules<Ctx> = { list: RULE_LIST, model: RULE_MODEL };
