/*
 * The rules of the accountability procedure (version 2) as named properties over machine paths, each
 * with the article or seed it comes from, and the model the rule checker walks to prove them
 * (npm run rules). A guard named in `guards` refuses what its rule forbids; the refusal names the rule.
 */
import {
  dateProblem,
  dutiesMissing,
  leadershipProblem,
  measureFits,
  pursuitProblem,
  responsibilitiesNamed,
} from '../machines/accountability.machine';
import {
  RECTIFICATION_RELATION,
  SITUATIONS,
  type AccountabilityContext,
  type AccountabilityEvent,
  type AccountabilityInput,
  type Payloads,
} from '../machines/accountability.types';
import { appealRegime, impactRules, type ImpactRule } from './accountability.policy';
import type {
  MachineEvent,
  PathStep,
  RuleModel,
  WorkflowRule,
  WorkflowRules,
} from '../src/engine/workflow.types';
import { lastStep as last, previousStep as before } from './rule-paths';

type Ctx = AccountabilityContext;
type Step = PathStep<Ctx>;
type Rule = WorkflowRule<Ctx>;

const REGS_2019 = (art: string, en: string) => ({
  zh: `《中国共产党问责条例》（2019）第${art}条`,
  en: `CPC Accountability Regulations (2019) Art ${en}`,
});

/** The event that led to the last step, as the machine saw it (an AccountabilityEvent). */
const lastEvent = (path: readonly Step[]) => last(path).event as AccountabilityEvent | null;

const declineNeedsLeader: Rule = {
  id: 'declineNeedsLeader',
  source: {
    zh: '《中国共产党问责条例》（2019）第九条；种子文件：线索不得由承办人一人了结（"睁一只眼闭一只眼"）',
    en: 'CPC Accountability Regulations (2019) Art 9; the seeds: no officer alone closes a clue ("turning a blind eye")',
  },
  text: {
    zh: '问责线索不予受理须由承办人提出理由、主要负责人批准',
    en: 'a clue is declined only on the officer’s reasoned proposal approved by the leader',
  },
  check: (path) => {
    const now = last(path).context;
    if (now.outcome !== 'declined' || before(path)?.context.outcome === 'declined') return null;
    if (lastEvent(path)?.type !== 'APPROVE_DECLINE')
      return `declined by ${lastEvent(path)?.type ?? 'the opening'}`;
    return now.declineProposal?.reason ? null : 'declined without the officer’s reasons';
  },
};

const approvalBeforeInvestigation: Rule = {
  id: 'approvalBeforeInvestigation',
  source: REGS_2019('九', '9'),
  text: {
    zh: '启动问责调查须经主要负责人批准',
    en: 'an investigation (or the fast path to an opinion) starts only with the principal leader’s approval',
  },
  check: (path) => {
    const step = last(path);
    const started = step.matches('investigation') || step.matches('preliminaryOpinion');
    return started && step.context.approval === null
      ? `reached ${step.state} without the leader’s approval`
      : null;
  },
};

const mergedNotInvestigated: Rule = {
  id: 'mergedNotInvestigated',
  source: REGS_2019('九', '9'),
  text: {
    zh: '已在接受纪律审查的，不另行开展问责调查',
    en: 'a cadre already under formal disciplinary review gets no separate accountability investigation',
  },
  check: (path) => {
    const step = last(path);
    return step.context.mergedInto !== null && step.matches('investigation')
      ? 'a merged case was investigated'
      : null;
  },
};

const hearingBeforeOpinion: Rule = {
  id: 'hearingBeforeOpinion',
  source: {
    zh: '《关于实行党政领导干部问责的暂行规定》（2009）第十四条；《中国共产党章程》第四十三条',
    en: 'Interim Provisions on Accountability (2009) Art 14; CPC Constitution Art 43',
  },
  text: {
    zh: '作出问责决定前，应当听取被问责对象的陈述和申辩（或记录其放弃）',
    en: 'the subject is heard (or the waiver recorded) before the report and the opinion',
  },
  guards: ['statementHeard'],
  check: (path) => {
    const { report, opinion, statements } = last(path).context;
    const first = statements[0]?.at;
    const heardBy = (at: string) => first !== undefined && Date.parse(first) <= Date.parse(at);
    if (report && !heardBy(report.at)) return 'report submitted before the subject was heard';
    if (opinion && !heardBy(opinion.at)) return 'opinion proposed before the subject was heard';
    return null;
  },
};

const situationListed: Rule = {
  id: 'situationListed',
  source: {
    zh: '《中国共产党问责条例》（2019）第七条；《关于实行党政领导干部问责的暂行规定》（2009）第五条',
    en: 'CPC Accountability Regulations (2019) Art 7; Interim Provisions on Accountability (2009) Art 5',
  },
  text: {
    zh: '调查报告所认定的问责情形须是条例列明的情形之一',
    en: 'the report names a situation of the regulations’ list',
  },
  guards: ['situationListed'],
  check: (path) => {
    const report = last(path).context.report;
    return report && !SITUATIONS.includes(report.situation)
      ? `situation ${report.situation} is not listed`
      : null;
  },
};

const measuresFitSubject: Rule = {
  id: 'measuresFitSubject',
  source: REGS_2019('八', '8'),
  text: {
    zh: '对党组织只能采取检查、通报、改组；对领导干部采取通报、诫勉、组织调整或者组织处理、纪律处分',
    en: 'organisations get inspection, notice or reorganisation; leading cadres the measures for persons',
  },
  guards: ['measuresFitSubject'],
  check: (path) => {
    const { decision, subject } = last(path).context;
    const misfit = decision?.measures.find((m) => !measureFits(subject.kind, m));
    return misfit ? `measure ${misfit.type} does not fit a subject of kind ${subject.kind}` : null;
  },
};

/** The decision as the event that made it, so the rule judges what the machine judged. */
function decisionEvent(path: readonly Step[]): AccountabilityEvent | null {
  const event = lastEvent(path);
  return event?.type === 'DECIDE' && last(path).context.decision ? event : null;
}

const organisationNamesLeadership: Rule = {
  id: 'organisationNamesLeadership',
  source: REGS_2019('八', '8'),
  text: {
    zh: '对党组织问责的，应当同时对该党组织中负有责任的领导班子成员进行问责，并明确其主要领导责任或者重要领导责任',
    en: 'accountability of an organisation names the responsible members of its leadership, each with main or important leadership responsibility, and opens their cases',
  },
  guards: ['leadershipNamed'],
  check: (path) => {
    const event = decisionEvent(path);
    return event ? leadershipProblem(before(path)!.context, event) : null;
  },
};

const seriousMattersPursueLeaders: Rule = {
  id: 'seriousMattersPursueLeaders',
  source: {
    zh: '一案双查（domain.md）；种子文件二、四：既追究直接责任，也追究分管领导和主要领导的领导责任',
    en: 'One case, two investigations (domain.md); seeds 2 and 4: the leaders in charge as well as the person directly responsible',
  },
  text: {
    zh: '严重或长期的问题，既追究直接责任人，也追究负有领导责任的领导干部，或载明已在他案追究',
    en: 'for a serious or long-running matter, the responsible leaders are pursued too, or the case where they are is named',
  },
  guards: ['leadersPursued'],
  check: (path) => {
    const event = decisionEvent(path);
    return event ? pursuitProblem(before(path)!.context, event) : null;
  },
};

const linkedCasesNameResponsibility: Rule = {
  id: 'linkedCasesNameResponsibility',
  source: REGS_2019('六', '6'),
  text: {
    zh: '一案双查、倒查所启动的问责案件均须载明责任类型',
    en: 'every case opened by one case, two investigations names a responsibility',
  },
  guards: ['responsibilitiesNamed'],
  check: (path) => {
    const event = lastEvent(path);
    if (!event || !['DECIDE', 'TRANSFER', 'MERGE'].includes(event.type)) return null;
    if (last(path).state === before(path)?.state) return null;
    return responsibilitiesNamed(event) ? null : `${event.type} opened a case without a responsibility`;
  },
};

const accountableAfterDuties: Rule = {
  id: 'accountableAfterDuties',
  source: {
    zh: '《中国共产党问责条例》（2019）第十九条；《中国共产党问责条例》（2016）第九条；《关于实行党政领导干部问责的暂行规定》（2009）第十九条',
    en: 'CPC Accountability Regulations (2019) Art 19; (2016) Art 9; Interim Provisions on Accountability (2009) Art 19',
  },
  text: {
    zh: '问责决定执行完毕前，须作出检查（民主生活会等）、公开组织处理和纪律处分、归入个人档案并报上级组织部门备案',
    en: 'a case concludes accountable only after the self-review, the publication of handling and discipline, and filing in the personal file and with the personnel department',
  },
  guards: ['dutiesDone'],
  check: (path) => {
    const ctx = last(path).context;
    if (ctx.outcome !== 'accountable') return null;
    const missing = dutiesMissing(ctx);
    return missing.length ? `concluded accountable without ${missing.join(', ')}` : null;
  },
};

const accountableAfterRectification: Rule = {
  id: 'accountableAfterRectification',
  source: { zh: '问责决定（限期整改）', en: 'the decision’s order to rectify (限期整改)' },
  text: {
    zh: '决定限期整改的，整改验收通过前不得办结',
    en: 'a decision that orders rectification concludes only after the rectification case closed',
  },
  guards: ['rectificationClosed', 'rectificationRequired'],
  check: (path) => {
    const ctx = last(path).context;
    return ctx.outcome === 'accountable' && ctx.rectification && !ctx.rectification.closed
      ? 'concluded accountable with the rectification open'
      : null;
  },
};

const deliveryAfterDecision: Rule = {
  id: 'deliveryAfterDecision',
  source: {
    zh: '《监督执纪工作规则》第五十六条',
    en: 'Rules on Supervision and Discipline Enforcement Art 56',
  },
  text: {
    zh: '问责决定的送达日期不得早于决定、不得晚于登记时间',
    en: 'a decision is delivered after it was made and before the delivery is recorded',
  },
  guards: ['datesPlausible'],
  check: (path) => {
    const event = lastEvent(path);
    if (event?.type !== 'DELIVER' || !last(path).context.delivery) return null;
    return dateProblem(before(path)!.context, event);
  },
};

/** The restrictions the sources require of a measure, as the policy must carry them (fix 3). */
const REQUIRED_IMPACT: Record<string, readonly ImpactRule[]> = {
  'organisationalHandling:orderedResignation': ['P1Y', 'P2Y'],
  'organisationalHandling:removal': ['P1Y', 'P2Y'],
  'organisationalHandling:reassignment': ['P1Y'],
  'organisationalHandling:suspension': ['untilNextAppraisal'],
  'governmentAccountability:publicApology': ['untilNextAppraisal'],
  'governmentAccountability:suspension': ['untilNextAppraisal'],
  'governmentAccountability:resignationForBlame': ['untilNextAppraisal', 'P1Y', 'P2Y'],
  'governmentAccountability:orderedResignation': ['untilNextAppraisal', 'P1Y', 'P2Y'],
  'governmentAccountability:removal': ['untilNextAppraisal', 'P1Y', 'P2Y'],
};

/**
 * Every decision's measures carry the impact periods the sources require, and the appeal window
 * follows the regime the measures apply; `rulesOf` is the policy judged (the deployed one by default).
 */
export function impactPeriodsRule(rulesOf: typeof impactRules = impactRules): Rule {
  return {
    id: 'impactPeriodsComplete',
    source: {
      zh: '《关于实行党政领导干部问责的暂行规定》（2009）第十二条、第二十二条；《党政领导干部选拔任用工作条例》',
      en: 'Interim Provisions on Accountability (2009) Art 12, Art 22; Regulations on Selecting and Appointing Leading Cadres',
    },
    text: {
      zh: '责令辞职、免职、引咎辞职：一年内不得担任相当职务、两年内不得提拔；调整职务一年内不得提拔；停职检查及2009年规定的问责方式取消当年考核评优资格；按2009年规定作出的决定申诉期为十五日',
      en: 'ordered resignation, removal, resignation for blame bar an equivalent post for a year and a higher one for two; reassignment bars promotion for a year; suspension and the 2009 regime remove that year’s appraisal; the 2009 regime’s appeal window is 15 days',
    },
    check: (path) => {
      const { decision, subject } = last(path).context;
      if (!decision || before(path)?.context.decision) return null;
      for (const m of decision.measures) {
        const held = rulesOf(subject.kind, m.type, m.detail);
        const missing = (REQUIRED_IMPACT[`${m.type}:${m.detail ?? ''}`] ?? []).filter(
          (r) => !held.includes(r),
        );
        if (missing.length) return `${m.type} ${m.detail ?? ''} lacks ${missing.join(', ')}`;
      }
      const regime2009 = decision.measures.some((m) => m.type === 'governmentAccountability');
      const regime = appealRegime(decision.measures);
      return regime2009 === (regime === 'provisions2009') ? null : `appeal window of the ${regime} regime`;
    },
  };
}

export const ACCOUNTABILITY_RULE_LIST: readonly Rule[] = [
  declineNeedsLeader,
  approvalBeforeInvestigation,
  mergedNotInvestigated,
  hearingBeforeOpinion,
  situationListed,
  measuresFitSubject,
  organisationNamesLeadership,
  seriousMattersPursueLeaders,
  linkedCasesNameResponsibility,
  accountableAfterDuties,
  accountableAfterRectification,
  deliveryAfterDecision,
  impactPeriodsRule(),
];

// ---- The model the checker walks ----

const OPENED = '2026-01-05T01:00:00.000Z';
const INDIVIDUAL: AccountabilityInput = {
  title: 'Landslide at the county road works',
  subject: { ref: 'p-001', kind: 'individual', name: 'Zhang San', organisation: 'County Transport Bureau' },
  source: 'incident',
  facts: 'Slope collapsed after warnings were ignored',
  situation: 'seriousAccident',
  openedAt: OPENED,
};
const ORGANISATION: AccountabilityInput = {
  ...INDIVIDUAL,
  title: 'Flood-season duty at the water bureau',
  subject: { ref: 'org-001', kind: 'organisation', name: 'County Water Bureau' },
};

const LEADER = { subject: { ref: 'p-002', kind: 'individual' as const, name: 'Li Si' }, title: 'Li Si' };
const PRINCIPAL = [{ ...LEADER, responsibility: 'mainLeadership' as const }];
const farFuture = '2030-01-01T00:00:00.000Z';

type Decide = Payloads['DECIDE'];
/** Decisions the committee may take, and the ones the rules' guards must refuse. */
const DECISIONS: Decide[] = [
  { decisionNo: 'D-1', measures: [{ type: 'formalWarning' }], serious: false },
  { decisionNo: 'D-2', measures: [{ type: 'formalWarning' }], serious: true, alsoInvestigate: PRINCIPAL },
  { decisionNo: 'D-3', measures: [{ type: 'formalWarning' }], serious: true },
  {
    decisionNo: 'D-4',
    measures: [{ type: 'organisationalHandling', detail: 'removal' }],
    serious: true,
    leadersPursuedElsewhere: { caseRef: 'ACC-9', reason: 'the director is pursued there' },
  },
  {
    decisionNo: 'D-5',
    measures: [{ type: 'notice' }],
    serious: false,
    rectification: {
      requirement: 'monitor the slope',
      dueAt: farFuture,
      unit: { ref: 'org-9', name: 'Town' },
      unitLeader: { ref: 'p-9', name: 'Wang Wu' },
    },
  },
  {
    decisionNo: 'D-10',
    measures: [
      { type: 'organisationalHandling', detail: 'orderedResignation' },
      { type: 'organisationalHandling', detail: 'reassignment' },
      { type: 'organisationalHandling', detail: 'suspension' },
      { type: 'governmentAccountability', detail: 'removal' },
      { type: 'governmentAccountability', detail: 'resignationForBlame' },
      { type: 'governmentAccountability', detail: 'publicApology' },
    ],
    serious: false,
  },
  { decisionNo: 'D-6', measures: [{ type: 'inspection' }], alsoInvestigate: PRINCIPAL },
  { decisionNo: 'D-7', measures: [{ type: 'inspection' }] },
  {
    decisionNo: 'D-8',
    measures: [{ type: 'reorganisation' }],
    alsoInvestigate: [{ ...LEADER, responsibility: 'direct' }],
  },
  {
    decisionNo: 'D-9',
    measures: [{ type: 'notice' }],
    serious: false,
    alsoInvestigate: [{ ...LEADER, responsibility: 'unheardOf' as 'direct' }],
  },
];

type Sample = [string, Record<string, unknown>];

function samples(at: string): Sample[] {
  return [
    ['ACCEPT', {}],
    ['PROPOSE_DECLINE', { reason: 'outside our remit' }],
    ['APPROVE_DECLINE', {}],
    ['SEND_ON', { to: 'acceptance', reason: 'look again' }],
    ['SEND_ON', { to: 'approval', reason: 'investigate' }],
    ['DECLINE', { reason: 'version 1 let the officer decline alone' }],
    ['MERGE', { disciplinaryCaseRef: 'DIS-1' }],
    ['MERGE', { disciplinaryCaseRef: 'DIS-2', alsoInvestigate: [{ ...LEADER, responsibility: 'nobody' }] }],
    ['RECORD_DISCIPLINARY_OUTCOME', { outcome: 'noSanction', decidedAt: at }],
    ['APPROVE_INVESTIGATION', {}],
    ['DECIDE_DIRECTLY', { reason: 'facts clear' }],
    ['REJECT_INVESTIGATION', { reason: 'no grounds' }],
    ['RECORD_STATEMENT', { statement: 'I was heard' }],
    ['EXTEND_INVESTIGATION', { days: 30, reason: 'expert report' }],
    [
      'SUBMIT_REPORT',
      { findings: 'warnings ignored', responsibility: 'direct', situation: 'seriousAccident' },
    ],
    ['SUBMIT_REPORT', { findings: 'warnings ignored', responsibility: 'direct', situation: 'bad luck' }],
    ['PROPOSE_OPINION', { measures: [], mitigation: 'none', basis: 'Art 7' }],
    ['PROPOSE_OPINION', { measures: [{ type: 'inspection' }], mitigation: 'none', basis: 'Art 8' }],
    ...DECISIONS.map((d): Sample => ['DECIDE', d]),
    ['DECIDE_NO_ACCOUNTABILITY', { grounds: 'force majeure' }],
    ['RETURN_FOR_INVESTIGATION', { reason: 'unclear' }],
    ['TRANSFER', { to: 'judicial', reference: 'P-1' }],
    ['DELIVER', { deliveredAt: at, recipients: [{ kind: 'subject', name: 'Zhang San' }] }],
    ['DELIVER', { deliveredAt: OPENED, recipients: [{ kind: 'subject', name: 'Zhang San' }] }],
    ['RECORD_EXECUTION', { completedAt: at, fileRef: 'F-1' }],
    ['RECORD_SELF_REVIEW', { meeting: 'democraticLife', heldAt: at, summary: 'self-review made' }],
    ['RECORD_PUBLICATION', { where: 'county bulletin', publishedAt: at }],
    [
      'RECORD_FILING',
      { personalFileRef: 'PF-1', personnelDepartment: 'City Organisation Dept', filedAt: at },
    ],
    [
      'LINKED_CASE_CLOSED',
      { relation: RECTIFICATION_RELATION, workflow: 'rectification', outcome: 'rectified' },
    ],
    ['FILE_APPEAL', { grounds: 'too harsh' }],
    ['RESOLVE_APPEAL', { outcome: 'upheld' }],
    ['RESOLVE_APPEAL', { outcome: 'revoked' }],
    ['CORRECT_DECISION', { reason: 'wrong procedure' }],
  ];
}

const TIMEOUTS = [
  'xstate.after.investigation.accountability.investigation',
  'xstate.after.delivery.accountability.notification',
  'xstate.after.appealWindow.accountability.execution.appeal.open',
];

/** What the rules read of a snapshot: two snapshots that agree on it are walked once. */
function key(step: PathStep<Ctx>): string {
  const c = step.context;
  return JSON.stringify([
    step.state,
    c.subject.kind,
    c.outcome,
    c.statements.length > 0,
    c.approval?.path ?? null,
    c.mergedInto !== null,
    c.declineProposal != null,
    c.report?.situation ?? null,
    c.opinion !== null,
    c.decision?.decisionNo ?? null,
    c.delivery !== null,
    c.rectification ? c.rectification.closed !== null : null,
    dutiesMissing(c),
    c.appeal.resolution?.outcome ?? null,
  ]);
}

export const ACCOUNTABILITY_RULE_MODEL: RuleModel<Ctx> = {
  inputs: { individual: INDIVIDUAL, organisation: ORGANISATION },
  events: (_last, at): MachineEvent[] => [
    ...samples(at).map(([type, payload]) => ({ type, payload, at, actor: 'model' })),
    ...TIMEOUTS.map((type) => ({ type, payload: {}, at, actor: 'system:deadline' })),
  ],
  maxDepth: 16,
  key,
};

export const ACCOUNTABILITY_RULES: WorkflowRules<Ctx> = {
  list: ACCOUNTABILITY_RULE_LIST,
  model: ACCOUNTABILITY_RULE_MODEL,
};

/** The rule a guard enforces, by the guard's name. */
export function ruleOfGuard(guard: string): Rule | undefined {
  return ACCOUNTABILITY_RULE_LIST.find((r) => r.guards?.includes(guard));
}
