/*
 * Preliminary verification (初步核实) of a clue, by the 2019 Rules on supervision and discipline
 * enforcement Art 33–35: opened by an officer or an integration, or by an inquiry that found a problem
 * needing verification (linked both ways). The leader approves the start (work plan, team of two or
 * more), the team records the evidence gathered and reports its finding within the verification limit
 * (policy: 3 months by default, local practice), and the leader decides one outcome: case review
 * (立案审查), closed with no problem (予以了结), a reminder talk (谈话提醒) or accountability (问责, which
 * opens an accountability case with the responsibility named).
 */
import {
  evidenceDateProblem,
  findingProblem,
  preliminaryVerificationMachine,
  referralProblem,
  reportProblem,
  teamProblem,
} from '../machines/preliminary-verification.machine';
import {
  OUTCOME_EVENTS,
  type Outcome,
  type Source,
  type VerificationContext,
  type VerificationEvent,
  type VerificationEventType,
  type VerificationInput,
} from '../machines/preliminary-verification.types';
import {
  defineWorkflow,
  type DeadlinePolicy,
  type EffectsInput,
  type Language,
  type EventPolicy,
  type OpenInput,
  type Refusal,
  type WorkflowEffect,
} from '../src/engine/workflow.types';
import type { Source as AccountabilitySource } from './accountability.payloads';
import {
  ApproveStartPayload,
  CLUE,
  OUTCOME_LABELS,
  RecordEvidencePayload,
  ReferForCaseReviewPayload,
  ReferToAccountabilityPayload,
  RESPONSIBILITY_LABELS,
  SOURCE_LABELS,
  SubmitVerificationReportPayload,
  VerificationOpenPayload,
  VerificationReasonPayload,
} from './preliminary-verification.payloads';
import { verificationReason } from './preliminary-verification.refusals';
import { VERIFICATION_RULES, verificationRuleOfGuard } from './preliminary-verification.rules';
import { roles } from './roles';
import { inLanguage } from './language';
import { chinaDate } from '../src/engine/document.types';

type Ctx = VerificationContext;
type Fx = EffectsInput<Ctx, VerificationEvent>;

export const VERIFICATION_WORKFLOW = 'preliminaryVerification';

/** The relation of the accountability case a referral opens. */
export const ACCOUNTABILITY_RELATION = 'verificationToAccountability';

/**
 * The situation (2019 Accountability Regulations Art 7) the accountability case is opened under: the
 * duties of the post not carried out; the accountability procedure refines it.
 */
export const REFERRAL_SITUATION = 'dutiesNotCarriedOut';

const leaderDecides = (outcome: Outcome, what: string): EventPolicy<Ctx> => ({
  roles: ['leader'],
  payload:
    outcome === 'toCaseReview'
      ? ReferForCaseReviewPayload
      : outcome === 'toAccountability'
        ? ReferToAccountabilityPayload
        : VerificationReasonPayload,
  description: `Decide on the report: ${OUTCOME_LABELS[outcome].en} (${OUTCOME_LABELS[outcome].zh})${what}`,
  ...(outcome !== 'reminderTalk' && {
    requires: {
      zh: outcome === 'noProblem' ? '初步核实情况报告未发现问题' : '初步核实情况报告发现了问题',
      en: outcome === 'noProblem' ? 'a report that found no problem' : 'a report that found a problem',
    },
  }),
});

const events: Record<VerificationEventType, EventPolicy<Ctx>> = {
  APPROVE_START: {
    roles: ['leader'],
    payload: ApproveStartPayload,
    description: 'Approve the start of the verification: the work plan and a team of at least two',
  },
  RECORD_EVIDENCE: {
    roles: ['officer'],
    payload: RecordEvidencePayload,
    description:
      'Record evidence gathered by the team (not in the future, not before the start was approved)',
  },
  SUBMIT_REPORT: {
    roles: ['officer'],
    payload: SubmitVerificationReportPayload,
    description:
      'Submit the team’s report: its findings, whether a problem was found, and the handling proposed',
    requires: { zh: '已登记收集的证据', en: 'evidence recorded' },
  },
  REFER_FOR_CASE_REVIEW: leaderDecides('toCaseReview', ', with the case review’s reference'),
  CLOSE_NO_PROBLEM: leaderDecides('noProblem', ''),
  ORDER_REMINDER_TALK: leaderDecides('reminderTalk', ''),
  REFER_TO_ACCOUNTABILITY: leaderDecides(
    'toAccountability',
    ': opens an accountability case, linked, with the responsibility named',
  ),
};

const deadlines: Record<'verification', DeadlinePolicy<Ctx>> = {
  // No national limit; 3 months by local practice, overridable (DEADLINE_OVERRIDES).
  verification: { kind: 'verification', duration: 'P3M', flagsOverdue: true },
};

function input(open: OpenInput<VerificationOpenPayload>): VerificationInput {
  return {
    title: open.title,
    subject: open.subject,
    clue: open.payload.clue,
    source: open.payload.source,
    linkedFrom: open.linkedFrom ?? null,
    openedAt: open.at,
    openedBy: open.actor,
  };
}

/** Where the accountability case says its proposal came from. */
export const ACCOUNTABILITY_SOURCE: Record<Source, AccountabilitySource> = {
  inquiry: 'caseInvestigation',
  report: 'report',
  inspectionTour: 'inspectionTour',
  audit: 'audit',
  superiorInstruction: 'superiorInstruction',
  other: 'caseInvestigation',
};

/** At most `max` characters (code points, as the schemas count them). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? chars.slice(0, max).join('') : text;
}

/**
 * What the verification found, as the facts of the accountability case it opens: words of the
 * workflow in the deployment's language (Chinese unless English), what users wrote as they wrote it.
 */
export function verificationFacts(ctx: Ctx, language?: Language): string {
  const zh = language !== 'en';
  const source = SOURCE_LABELS[ctx.source];
  const lines = [zh ? `线索（${source.zh}）：${ctx.clue}` : `Clue (${source.en}): ${ctx.clue}`];
  for (const e of ctx.evidence)
    lines.push(
      zh
        ? `证据（${chinaDate(e.obtainedAt)}）：${e.description}`
        : `Evidence (${e.obtainedAt}): ${e.description}`,
    );
  if (ctx.report)
    lines.push(
      zh ? `核查组报告：${ctx.report.findings}` : `Report of the verification team: ${ctx.report.findings}`,
    );
  if (ctx.decision) lines.push(zh ? `处置决定：${ctx.decision.reason}` : `Decision: ${ctx.decision.reason}`);
  return clip(lines.join('\n'), CLUE);
}

function accountabilityCase(ctx: Ctx, language: Language | undefined): WorkflowEffect {
  const responsibility = ctx.decision!.responsibility!;
  return {
    type: 'openCase',
    workflow: 'accountability',
    relation: ACCOUNTABILITY_RELATION,
    title: inLanguage(language, {
      zh: `初步核实后移送问责：${ctx.title}`,
      en: `Accountability after a preliminary verification: ${ctx.title}`,
    }),
    subject: ctx.subject,
    payload: {
      source: ACCOUNTABILITY_SOURCE[ctx.source],
      facts: verificationFacts(ctx, language),
      situation: REFERRAL_SITUATION,
      responsibility,
    },
  };
}

function effects({ event, after, language }: Fx): WorkflowEffect[] {
  return event.type === 'REFER_TO_ACCOUNTABILITY' && after.context.outcome === 'toAccountability'
    ? [accountabilityCase(after.context, language)]
    : [];
}

const OUTCOME_OF_EVENT = Object.fromEntries(
  Object.entries(OUTCOME_EVENTS).map(([outcome, type]) => [type, outcome as Outcome]),
) as Partial<Record<string, Outcome>>;

/** Why a guard refused the event, naming the rule that guard enforces. */
function explainRefusal(ctx: Ctx, event: VerificationEvent): Refusal | null {
  const outcome = OUTCOME_OF_EVENT[event.type];
  const problems: [string, string | null][] = [
    ['teamOfTwo', teamProblem(event)],
    ['evidenceDateValid', evidenceDateProblem(ctx, event)],
    ['evidenceRecorded', event.type === 'SUBMIT_REPORT' ? reportProblem(ctx) : null],
    ['findingSupports', outcome ? findingProblem(ctx, outcome) : null],
    ['referralComplete', referralProblem(event)],
  ];
  const found = problems.filter((p): p is [string, string] => p[1] !== null);
  if (!found.length) return null;
  const rule = verificationRuleOfGuard(found[0][0]);
  return {
    message: found.map(([, m]) => m).join('; '),
    ...(rule && { rule }),
    ...verificationReason(ctx, event, outcome),
  };
}

export const preliminaryVerificationWorkflow = defineWorkflow<
  Ctx,
  VerificationEvent,
  VerificationOpenPayload
>({
  name: VERIFICATION_WORKFLOW,
  version: 1,
  title: 'Preliminary verification (初步核实)',
  caseNumberLabel: { zh: '初核', en: 'PV' },
  description:
    'A clue is verified by a team under a work plan approved by the principal leader (2019 Rules on supervision and ' +
    'discipline enforcement Art 33–35): evidence gathered, a report with its finding within the verification limit ' +
    '(3 months by default), then the leader decides: ' +
    Object.values(OUTCOME_LABELS)
      .map((l) => `${l.en} (${l.zh})`)
      .join(', ') +
    '. A referral to accountability opens an accountability case naming the responsibility (' +
    Object.values(RESPONSIBILITY_LABELS)
      .map((l) => l.zh)
      .join('、') +
    ').',
  machine: preliminaryVerificationMachine,
  roles: roles('integration', 'officer', 'leader'),
  open: { roles: ['integration', 'officer'], payload: VerificationOpenPayload },
  events,
  deadlines,
  effectTypes: ['openCase'],
  input,
  outcome: (context) => context.outcome,
  effects,
  explainRefusal,
  rules: VERIFICATION_RULES,
});
