/*
 * The rules of preliminary verification (初步核实) as named properties over its machine's paths, and the
 * model the rule checker walks. Sources: the 2019 Rules on supervision and discipline enforcement
 * (中国共产党纪律检查机关监督执纪工作规则) Art 33–35, the CPC Accountability Regulations (2019) Art 6, and
 * the workflow's time-limit policy (local practice).
 */
import {
  MIN_TEAM,
  OUTCOMES,
  RESPONSIBILITIES,
  type Payloads,
  type VerificationContext,
  type VerificationInput,
} from '../machines/preliminary-verification.types';
import type {
  MachineEvent,
  PathStep,
  RuleModel,
  WorkflowRule,
  WorkflowRules,
} from '../src/engine/workflow.types';
import { lastStep as last } from './rule-paths';

type Ctx = VerificationContext;
type Step = PathStep<Ctx>;
type Rule = WorkflowRule<Ctx>;

const RULES_2019 = {
  zh: '《中国共产党纪律检查机关监督执纪工作规则》（2019）',
  en: 'Rules on Supervision and Discipline Enforcement (2019)',
};
const art = (zh: string, en: string) => ({ zh: `${RULES_2019.zh}${zh}`, en: `${RULES_2019.en} ${en}` });

export const VERIFICATION_TIMEOUT = 'xstate.after.verification.preliminaryVerification.verifying';

export const startApproved: Rule = {
  id: 'verificationStartApproved',
  source: art('第三十三条', 'Art 33'),
  text: {
    zh: '初步核实应当制定工作方案、成立核查组，经主要负责人批准后开展',
    en: 'no verification work, report or outcome before the leader approved the start with a work plan and a team',
  },
  check: (path) => {
    const c = last(path).context;
    const started = c.evidence.length > 0 || c.report !== null || c.outcome !== null;
    return started && !c.start ? 'verification work without an approved start' : null;
  },
};

export const teamOfTwo: Rule = {
  id: 'verificationTeamOfTwo',
  source: {
    zh: `${RULES_2019.zh}第三十三条（释义：核查组不得少于2人）`,
    en: `${RULES_2019.en} Art 33 (commentary: a team of at least two)`,
  },
  text: { zh: '核查组不得少于2人', en: 'the verification team has at least two different members' },
  guards: ['teamOfTwo'],
  check: (path) => {
    const team = last(path).context.start?.team;
    if (!team) return null;
    const members = new Set(team.map((m) => m.name.trim()).filter(Boolean));
    return members.size < MIN_TEAM ? `a team of ${members.size}` : null;
  },
};

export const evidenceBeforeReport: Rule = {
  id: 'evidenceBeforeReport',
  source: art('第三十四条', 'Art 34'),
  text: {
    zh: '核查组收集证据后方可形成初步核实情况报告；证据取得时间不早于批准、不晚于登记',
    en: 'the report follows the evidence gathered: none without evidence recorded, each piece dated between the start and its recording',
  },
  guards: ['evidenceRecorded', 'evidenceDateValid'],
  check: (path) => {
    const c = last(path).context;
    if (c.report && c.evidence.length === 0) return 'a report with no evidence recorded';
    const bad = c.evidence.find(
      (e) =>
        !c.start ||
        Date.parse(e.obtainedAt) < Date.parse(c.start.at) ||
        Date.parse(e.obtainedAt) > Date.parse(e.at),
    );
    return bad ? `evidence obtained ${bad.obtainedAt} outside the verification` : null;
  },
};

export const reportWithinLimit: Rule = {
  id: 'verificationReportWithinLimit',
  source: {
    zh: '初步核实时限（地方实践，默认3个月，可配置）',
    en: 'Time limit for preliminary verification (local practice; default 3 months, configurable)',
  },
  text: {
    zh: '初步核实情况报告应在时限内形成；逾期予以标记，报告记明逾期',
    en: 'the report is due within the verification limit; when it passes the case is flagged, and the report records it',
  },
  check: (path) => {
    const { event, context: c } = last(path);
    if (event?.type === VERIFICATION_TIMEOUT && c.overdueSince !== event.at) {
      return 'the verification limit passed and the case is not flagged';
    }
    if (c.report && c.report.late !== (c.overdueSince !== null)) {
      return `the report says late: ${c.report.late}, the limit passed: ${c.overdueSince ?? 'never'}`;
    }
    return null;
  },
};

export const outcomeOnReport: Rule = {
  id: 'verificationOutcomeOnReport',
  source: art('第三十五条', 'Art 35'),
  text: {
    zh: '处置意见在初步核实情况报告形成后，报主要负责人审批',
    en: 'the outcome is decided by the leader on the team’s report, never before it',
  },
  check: (path) => {
    const c = last(path).context;
    if (c.outcome !== null && !c.report) return `decided ${c.outcome} without a report`;
    if (c.outcome !== null && !(OUTCOMES as readonly string[]).includes(c.outcome))
      return `decided ${c.outcome}`;
    return null;
  },
};

export const outcomeFollowsFinding: Rule = {
  id: 'verificationOutcomeFollowsFinding',
  source: art('第三十五条', 'Art 35'),
  text: {
    zh: '发现问题的方可拟立案审查或移送问责；未发现问题的予以了结',
    en: 'a referral to case review or to accountability needs a problem found; closing with no problem needs none found',
  },
  guards: ['findingSupports'],
  check: (path) => {
    const c = last(path).context;
    const found = c.report?.problemFound;
    if ((c.outcome === 'toCaseReview' || c.outcome === 'toAccountability') && found !== true) {
      return `${c.outcome} on a report that found no problem`;
    }
    return c.outcome === 'noProblem' && found !== false
      ? 'closed as no problem on a report that found one'
      : null;
  },
};

export const referralComplete: Rule = {
  id: 'referralNamesWhatItOpens',
  source: { zh: '《中国共产党问责条例》（2019）第六条', en: 'CPC Accountability Regulations (2019) Art 6' },
  text: {
    zh: '移送问责须明确责任类型；拟立案审查须记载立案审查的编号',
    en: 'a referral to accountability names a responsibility category; a referral to case review records its reference',
  },
  guards: ['referralComplete'],
  check: (path) => {
    const d = last(path).context.decision;
    if (
      d?.outcome === 'toAccountability' &&
      !(RESPONSIBILITIES as readonly unknown[]).includes(d.responsibility)
    ) {
      return 'a referral to accountability without a responsibility';
    }
    return d?.outcome === 'toCaseReview' && !d.reference?.trim()
      ? 'a referral to case review without a reference'
      : null;
  },
};

export const VERIFICATION_RULE_LIST: readonly Rule[] = [
  startApproved,
  teamOfTwo,
  evidenceBeforeReport,
  reportWithinLimit,
  outcomeOnReport,
  outcomeFollowsFinding,
  referralComplete,
];

/** The rule a refusing guard enforces. */
export function verificationRuleOfGuard(guard: string): string | undefined {
  return VERIFICATION_RULE_LIST.find((r) => r.guards?.includes(guard))?.id;
}

// ---- the model the checker walks ----

const input: VerificationInput = {
  title: 'Tenders steered to a relative',
  subject: { ref: 'p-1', kind: 'individual', name: 'Li Si', post: 'Bureau chief' },
  clue: 'The inquiry’s reply denies what the tender file shows',
  source: 'inquiry',
  openedAt: '2026-01-05T01:00:00.000Z',
  openedBy: 'olivia',
};

const DAY = 86_400_000;
const earlier = (iso: string, days: number) => new Date(Date.parse(iso) - days * DAY).toISOString();

function eventsAfter(step: Step, at: string): MachineEvent[] {
  const c = step.context;
  const user = (type: keyof Payloads, payload: object, actor = 'olivia'): MachineEvent => ({
    type,
    payload: payload as Record<string, unknown>,
    at,
    actor,
  });
  const leader = (type: keyof Payloads, payload: object) => user(type, payload, 'leo');
  const evidenceAt = c.start ? [at, earlier(c.start.at, 1)] : [at];
  return [
    leader('APPROVE_START', { plan: 'Check the tender file', team: [{ name: 'Wang' }, { name: 'Zhao' }] }),
    leader('APPROVE_START', { plan: 'Check the tender file', team: [{ name: 'Wang' }, { name: 'Wang ' }] }),
    // Evidence is recorded at most twice on a path: more would only lengthen the walk.
    ...(c.evidence.length < 2
      ? evidenceAt.map((obtainedAt) =>
          user('RECORD_EVIDENCE', { description: 'the tender file', obtainedAt }),
        )
      : []),
    ...[true, false].map((problemFound) =>
      user('SUBMIT_REPORT', { findings: 'as found', problemFound, proposal: 'reminderTalk' }),
    ),
    leader('REFER_FOR_CASE_REVIEW', { reference: 'LA-2026-3', reason: 'as reported' }),
    leader('REFER_FOR_CASE_REVIEW', { reference: ' ', reason: 'as reported' }),
    leader('CLOSE_NO_PROBLEM', { reason: 'as reported' }),
    leader('ORDER_REMINDER_TALK', { reason: 'as reported' }),
    leader('REFER_TO_ACCOUNTABILITY', { responsibility: 'direct', reason: 'as reported' }),
    leader('REFER_TO_ACCOUNTABILITY', { responsibility: 'nobody', reason: 'as reported' }),
    { type: VERIFICATION_TIMEOUT, payload: {}, at, actor: 'system:deadline' },
  ];
}

const model: RuleModel<Ctx> = {
  inputs: { individual: input },
  events: eventsAfter,
  maxDepth: 8,
};

export const VERIFICATION_RULES: WorkflowRules<Ctx> = { list: VERIFICATION_RULE_LIST, model };
