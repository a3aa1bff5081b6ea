import { accountabilityDocuments, APPEAL_WINDOW_2009_ZH, APPEAL_WINDOW_ZH } from './accountability.documents';
import {
  accountabilityMachine,
  dateProblem,
  leadershipProblem,
  measureFits,
  pursuitProblem,
  responsibilitiesNamed,
} from '../machines/accountability.machine';
import { accountabilityReason } from './accountability.refusals';
import { ACCOUNTABILITY_RULES } from './accountability.rules';
import type {
  AccountabilityContext,
  AccountabilityEvent,
  AlsoInvestigate,
  AccountabilityEventType,
  AccountabilityInput,
  DeadlineKind,
  Measure,
} from '../machines/accountability.types';
import { RECTIFICATION_RELATION, SITUATIONS, type Situation } from '../machines/accountability.types';
import {
  defineWorkflow,
  type DeadlineDueInput,
  type DeadlinePolicy,
  type EffectsInput,
  type Language,
  type EventPolicy,
  type MeasureRecord,
  type OpenInput,
  type PayloadVariants,
  type Refusal,
  type RoleDeclaration,
  type WorkflowEffect,
} from '../src/engine/workflow.types';
import {
  AccountabilityOpenPayload,
  BY_SUBJECT_KIND,
  DecideNoAccountabilityPayload,
  DeliverPayload,
  ExtendInvestigationPayload,
  FileAppealPayload,
  MergePayload,
  JurisdictionPayload,
  ReasonPayload,
  RecordExecutionPayload,
  RecordFilingPayload,
  RecordPublicationPayload,
  RecordSelfReviewPayload,
  RecordStatementPayload,
  SendOnPayload,
  SubmitReportPayload,
  TransferPayload,
} from './accountability.payloads';
import { roles } from './roles';
import { APPEAL_WINDOW, appealRegime, impactUntil } from './accountability.policy';
import { ACCOUNTABILITY_REPORTS } from './accountability.reports';
import { inLanguage } from './language';
import { TALLIES } from './indices.tallies';

type Ctx = AccountabilityContext;
type Fx = EffectsInput<Ctx, AccountabilityEvent>;
type LinkedEvent = 'LINKED_CASE_CLOSED';

const linkedEvents: Record<LinkedEvent, { description: string }> = {
  LINKED_CASE_CLOSED: {
    description:
      "The decision's rectification case closed (verified): the execution's rectification region is done",
  },
};

export const ACCOUNTABILITY_ROLES: RoleDeclaration[] = roles(
  'integration',
  'officer',
  'leader',
  'committee',
  'admin',
);

/** Measures must fit the subject's kind: these events validate with the class of the case's kind. */
const bySubjectKind = (variants: PayloadVariants<Ctx>['variants']): PayloadVariants<Ctx> => ({
  variants,
  select: (context) => context.subject.kind,
});

/** Both the report and the opinion wait for the subject to be heard (2009 Art 14). */
const HEARD_FIRST = {
  zh: '须先记录陈述申辩（或记录放弃陈述申辩）',
  en: "the subject's statement (or its waiver) must be recorded first",
};

const events: Record<Exclude<AccountabilityEventType, LinkedEvent>, EventPolicy<Ctx>> = {
  ACCEPT: { roles: ['officer'], description: 'Accept the proposal and ask the principal leader to start' },
  PROPOSE_DECLINE: {
    roles: ['officer'],
    payload: ReasonPayload,
    description: 'Propose to decline the clue, with reasons: the leader decides',
  },
  APPROVE_DECLINE: {
    roles: ['leader'],
    description: 'Approve declining the clue: the case closes as declined',
  },
  SEND_ON: {
    roles: ['leader'],
    payload: SendOnPayload,
    description:
      'Do not decline: send the clue back for acceptance, or on to the approval of an investigation',
  },
  MERGE: {
    roles: ['officer'],
    payload: MergePayload,
    description: 'The subject is already under formal disciplinary review (2019 Art 9)',
  },
  RECORD_DISCIPLINARY_OUTCOME: {
    roles: ['officer'],
    payload: bySubjectKind(BY_SUBJECT_KIND.RECORD_DISCIPLINARY_OUTCOME),
    description: 'Record the decision taken after the disciplinary review the case was merged into',
  },
  APPROVE_INVESTIGATION: { roles: ['leader'], description: 'Approve an accountability investigation' },
  DECIDE_DIRECTLY: {
    roles: ['leader'],
    payload: ReasonPayload,
    description: 'Facts are clear: go to the opinion without an investigation (2009 Art 15)',
  },
  REJECT_INVESTIGATION: { roles: ['leader'], payload: ReasonPayload, description: 'Refuse to start' },
  RECORD_STATEMENT: {
    roles: ['officer'],
    payload: RecordStatementPayload,
    description: "Record the subject's statement and defence (陈述申辩)",
  },
  WAIVE_STATEMENT: {
    roles: ['officer'],
    payload: ReasonPayload,
    description: 'Record that the subject explicitly waived the statement',
  },
  EXTEND_INVESTIGATION: {
    roles: ['leader'],
    payload: ExtendInvestigationPayload,
    description: 'Extend the investigation deadline',
  },
  SUBMIT_REPORT: {
    roles: ['officer'],
    payload: SubmitReportPayload,
    description: 'Submit the investigation report (needs a statement or a waiver)',
    requires: HEARD_FIRST,
  },
  PROPOSE_OPINION: {
    roles: ['officer'],
    payload: bySubjectKind(BY_SUBJECT_KIND.PROPOSE_OPINION),
    description: 'Propose measures',
    requires: HEARD_FIRST,
  },
  DECIDE: {
    roles: ['committee'],
    payload: bySubjectKind(BY_SUBJECT_KIND.DECIDE),
    // the committee decides with the officer's proposal in view, its measures already in the form
    showBeside: 'PROPOSE_OPINION',
    prefill: (ctx) => (ctx.opinion ? { measures: ctx.opinion.measures } : null),
    description:
      'Decide on accountability measures; may also transfer the matter to the discipline or judicial track',
  },
  DECIDE_NO_ACCOUNTABILITY: {
    roles: ['committee'],
    showBeside: 'PROPOSE_OPINION',
    payload: DecideNoAccountabilityPayload,
    description: 'Decide that nobody is held accountable',
  },
  RETURN_FOR_INVESTIGATION: {
    roles: ['committee'],
    payload: ReasonPayload,
    description: 'Send the case back for further investigation',
  },
  TRANSFER: {
    roles: ['committee'],
    payload: TransferPayload,
    description: 'Transfer to the discipline track or the judicial organs',
  },
  DELIVER: { roles: ['officer'], payload: DeliverPayload, description: 'Record delivery of the decision' },
  RECORD_EXECUTION: {
    roles: ['officer'],
    payload: RecordExecutionPayload,
    description: 'Record that the measures were carried out',
  },
  RECORD_SELF_REVIEW: {
    roles: ['officer'],
    payload: RecordSelfReviewPayload,
    description:
      "Record the subject's self-review at the democratic life meeting or another Party meeting (2019 Art 19)",
  },
  RECORD_PUBLICATION: {
    roles: ['officer'],
    payload: RecordPublicationPayload,
    description:
      'Record where and when the organisational handling or discipline was published (2019 Art 19)',
  },
  RECORD_FILING: {
    roles: ['officer'],
    payload: RecordFilingPayload,
    description:
      'Record the filing in the personal file and with the next-level personnel department (2016 Art 9; 2009 Art 19)',
  },
  FILE_APPEAL: { roles: ['officer'], payload: FileAppealPayload, description: "File the subject's appeal" },
  RESOLVE_APPEAL: {
    roles: ['committee'],
    payload: bySubjectKind(BY_SUBJECT_KIND.RESOLVE_APPEAL),
    description: 'Resolve the appeal',
  },
  CORRECT_DECISION: {
    roles: ['committee'],
    payload: ReasonPayload,
    description:
      'Correct a wrong decision (纠错, 2019 Art 21): the committee of the deciding unit or of a unit above; ' +
      'also after the case concluded as accountable. Lifts the measures',
    reach: 'above',
    sideMove: true,
  },
  TRANSFER_JURISDICTION: {
    roles: ['officer'],
    payload: JurisdictionPayload,
    description: 'Transfer the case to another handling unit (移送管辖), before the decision',
    sideMove: true,
  },
  TAKE_OVER: {
    roles: ['leader'],
    payload: JurisdictionPayload,
    description:
      'A higher unit takes the case over or designates the unit that handles it (提级管辖, 指定管辖), before the decision',
    reach: 'above',
    sideMove: true,
  },
};

const from = (at: string | undefined, fallback: string) => new Date(at ?? fallback);

function investigationDue({ context, at, duration, calendar }: DeadlineDueInput<Ctx>): Date {
  const inv = context.investigation;
  const start = inv?.startedAt ?? at;
  const days = (inv?.extensions ?? [])
    .filter((e) => Date.parse(e.at) >= Date.parse(start))
    .reduce((sum, e) => sum + e.days, 0);
  const base = calendar.add(new Date(start), duration);
  return days > 0 ? calendar.add(base, `P${days}D`) : base;
}

const deadlines: Record<DeadlineKind, DeadlinePolicy<Ctx>> = {
  investigation: { kind: 'investigation', duration: 'P3M', flagsOverdue: true, due: investigationDue },
  delivery: { kind: 'delivery', duration: 'P1M', flagsOverdue: true },
  execution: {
    kind: 'execution',
    duration: 'P1M',
    flagsOverdue: true,
    // One month from the decision, not from delivery (2016 Art 9).
    due: ({ context, at, duration, calendar }) => calendar.add(from(context.decision?.at, at), duration),
  },
  appealWindow: {
    kind: 'appealWindow',
    duration: APPEAL_WINDOW.regulations2019,
    flagsOverdue: false,
    // 15 days when the decision applies the 2009 Provisions (derived from its measures).
    due: ({ context, at, duration, calendar }) => {
      const regime = appealRegime(context.decision?.measures ?? []);
      const window = regime === 'provisions2009' ? APPEAL_WINDOW.provisions2009 : duration;
      return calendar.add(from(context.delivery?.deliveredAt, at), window);
    },
  },
  appealReview: { kind: 'appealReview', duration: 'P1M', flagsOverdue: true },
};

function input(open: OpenInput<AccountabilityOpenPayload>): AccountabilityInput {
  return {
    title: open.title,
    subject: open.subject,
    source: open.payload.source,
    facts: open.payload.facts ?? null,
    situation: open.payload.situation ?? null,
    linkedFrom: open.linkedFrom ?? null,
    responsibility: open.payload.responsibility ?? null,
    openedAt: open.at,
    openedBy: open.actor,
  };
}

function measureRecords(ctx: Ctx, measures: Measure[], decidedAt: string, calendar: Fx['calendar']) {
  return measures.map((m): MeasureRecord => {
    const until = impactUntil(ctx.subject.kind, m, decidedAt, calendar);
    return {
      type: m.type,
      ...(m.detail !== undefined && { detail: m.detail }),
      decidedAt,
      ...(until !== undefined && { impactUntil: until }),
    };
  });
}

function linkedCases(ctx: Ctx, entries: AlsoInvestigate[]): WorkflowEffect[] {
  const facts = ctx.report?.findings ?? ctx.facts ?? undefined;
  const situation = [ctx.report?.situation, ctx.situation].find((s) => SITUATIONS.includes(s as Situation));
  return entries.map((e) => ({
    type: 'openCase',
    workflow: 'accountability',
    relation: 'alsoInvestigate',
    title: e.title ?? `${ctx.title} (${e.subject.name})`,
    subject: e.subject,
    // The linked case keeps the responsibility given (一案双查).
    payload: {
      source: 'caseInvestigation',
      ...(facts !== undefined && { facts }),
      ...(situation !== undefined && { situation }),
      responsibility: e.responsibility,
    },
  }));
}

function decideEffects(after: Ctx, { calendar, event, language }: Fx): WorkflowEffect[] {
  const decision = after.decision;
  if (!decision) return [];
  const measures: WorkflowEffect = {
    type: 'recordMeasures',
    measures: measureRecords(after, decision.measures, event.at, calendar),
  };
  return [...linkedCases(after, decision.alsoInvestigate), measures, ...rectificationCase(after, language)];
}

/** The decision's order to rectify is followed up by a rectification case of its own (整改督办). */
function rectificationCase(ctx: Ctx, language: Language | undefined): WorkflowEffect[] {
  const order = ctx.rectification;
  if (!order) return [];
  const unit = order.unit ?? { ref: ctx.subject.ref, name: ctx.subject.name };
  return [
    {
      type: 'openCase',
      workflow: 'rectification',
      relation: RECTIFICATION_RELATION,
      title: inLanguage(language, { zh: `整改：${ctx.title}`, en: `Rectification (整改): ${ctx.title}` }),
      subject: { ref: unit.ref, kind: 'organisation', name: unit.name },
      payload: {
        source: 'accountabilityDecision',
        unitLeader: order.unitLeader,
        items: [{ description: order.requirement, responsible: order.unitLeader.name, dueAt: order.dueAt }],
      },
    },
  ];
}

function appealEffects(before: Ctx, after: Ctx, { calendar }: Fx): WorkflowEffect[] {
  const resolution = after.appeal.resolution;
  if (!resolution || before.appeal.resolution || !after.decision) return [];
  if (resolution.outcome === 'revoked') return [{ type: 'liftMeasures', reason: 'appeal: decision revoked' }];
  if (resolution.outcome !== 'amended') return [];
  // The amended measures keep the original decision date, so the restriction does not restart.
  const measures = measureRecords(after, resolution.measures ?? [], after.decision.at, calendar);
  return [
    { type: 'liftMeasures', reason: 'appeal: decision amended' },
    { type: 'recordMeasures', measures },
  ];
}

function effects(fx: Fx): WorkflowEffect[] {
  const before = fx.before.context;
  const after = fx.after.context;
  switch (fx.event.type) {
    case 'DECIDE':
      return fx.before.value === 'decision' && fx.after.value === 'notification'
        ? decideEffects(after, fx)
        : [];
    case 'RESOLVE_APPEAL':
      return appealEffects(before, after, fx);
    case 'TRANSFER':
    case 'MERGE': {
      // 一案双查 also when the matter goes to the discipline or judicial track, or is merged.
      const entries = fx.event.payload.alsoInvestigate;
      return fx.before.value !== fx.after.value && Array.isArray(entries)
        ? linkedCases(after, entries as AlsoInvestigate[])
        : [];
    }
    case 'RECORD_DISCIPLINARY_OUTCOME': {
      const recorded = after.disciplinaryOutcome;
      if (!recorded?.measures?.length || before.disciplinaryOutcome) return [];
      return [
        {
          type: 'recordMeasures',
          measures: measureRecords(after, recorded.measures, recorded.decidedAt, fx.calendar),
        },
      ];
    }
    case 'TRANSFER_JURISDICTION':
    case 'TAKE_OVER':
      return [{ type: 'transferUnit', unit: String(fx.event.payload.unitId) }];
    case 'CORRECT_DECISION':
      // From notification, execution or concluded (outcome accountable): the measures are lifted.
      return after.outcome === 'corrected' && before.outcome !== 'corrected'
        ? [{ type: 'liftMeasures', reason: `corrected: ${String(fx.event.payload.reason ?? '')}` }]
        : [];
    default:
      return [];
  }
}

/** Why the measures do not fit the kind of subject the case is about, or null. */
function misfitProblem(ctx: Ctx, event: AccountabilityEvent): string | null {
  const measures: Measure[] = 'measures' in event.payload ? (event.payload.measures ?? []) : [];
  const misfits = measures.filter((m) => !measureFits(ctx.subject.kind, m));
  if (!misfits.length) return null;
  const names = misfits.map((m) => (m.detail ? `${m.type} (${m.detail})` : m.type)).join(', ');
  return `measures ${names} do not fit a subject of kind ${ctx.subject.kind} (or their detail is missing or wrong)`;
}

/** Each refusing check with the rule it enforces (undefined: no named rule, e.g. a rectification due in the past). */
const REFUSALS: { rule?: string; problem: (ctx: Ctx, event: AccountabilityEvent) => string | null }[] = [
  { rule: 'measuresFitSubject', problem: misfitProblem },
  { rule: 'organisationNamesLeadership', problem: leadershipProblem },
  { rule: 'seriousMattersPursueLeaders', problem: pursuitProblem },
  {
    rule: 'linkedCasesNameResponsibility',
    problem: (_ctx, event) =>
      responsibilitiesNamed(event) ? null : 'every person also investigated is named with a responsibility',
  },
  {
    problem: (ctx, event) => (event.type === 'DELIVER' ? null : dateProblem(ctx, event)),
  },
  {
    rule: 'deliveryAfterDecision',
    problem: (ctx, event) => (event.type === 'DELIVER' ? dateProblem(ctx, event) : null),
  },
];

/**
 * Why a guard refused a payload, naming the rule of the first check that refused: measures that do not
 * fit the subject, an organisation's leadership not named (2019 Art 8), leaders not pursued (一案双查),
 * dates that cannot be true.
 */
function explainRefusal(ctx: Ctx, event: AccountabilityEvent): Refusal | null {
  const found = REFUSALS.map((r) => ({ rule: r.rule, message: r.problem(ctx, event) })).filter(
    (r): r is { rule: string | undefined; message: string } => r.message !== null,
  );
  if (!found.length) return null;
  const message = found.map((r) => r.message).join('; ');
  const rule = found[0].rule;
  return { message, ...(rule && { rule }), ...accountabilityReason(ctx, event) };
}

export const accountabilityWorkflow = defineWorkflow<
  Ctx,
  AccountabilityEvent,
  AccountabilityOpenPayload,
  LinkedEvent
>({
  name: 'accountability',
  version: 2,
  title: 'Accountability procedure (问责)',
  caseNumberLabel: { zh: '问责', en: 'Acct' },
  description:
    'From a proposal through approval, investigation with statement and defence, decision, delivery and ' +
    'execution with rectification and appeal, to closure (2009 Interim Provisions; 2019 CPC Accountability Regulations).',
  machine: accountabilityMachine,
  events,
  linkedEvents,
  deadlines,
  roles: ACCOUNTABILITY_ROLES,
  open: { roles: ['integration', 'officer'], payload: AccountabilityOpenPayload },
  effectTypes: ['openCase', 'recordMeasures', 'liftMeasures', 'transferUnit'],
  input,
  outcome: (context) => context.outcome,
  // what the indices count inside its cases (workflows/indices.tallies.ts)
  tallies: TALLIES.accountability,
  effects,
  explainRefusal,
  rules: ACCOUNTABILITY_RULES,
  reports: ACCOUNTABILITY_REPORTS,
  // The appeal window the decision states follows the regime its measures apply (fix 3).
  documents: accountabilityDocuments((c) =>
    appealRegime(c.decision?.measures ?? []) === 'provisions2009' ? APPEAL_WINDOW_2009_ZH : APPEAL_WINDOW_ZH,
  ),
});
