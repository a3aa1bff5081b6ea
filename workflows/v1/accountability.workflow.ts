/*
 * Version 1 of the accountability procedure, as deployed (main's definition): cases stored on it still
 * advance, verify and replay. New cases open on version 2 (../accountability.workflow.ts); an admin
 * moves a stored case with POST /cases/:id/migrate. It declares no rules: it is what was deployed.
 */
import { ACCOUNTABILITY_DOCUMENTS } from '../accountability.documents';
import type { DocumentDefinition } from '../../src/engine/document.types';
import { accountabilityMachine, dateProblem, measureFits } from '../../machines/v1/accountability.machine';
import type {
  AccountabilityContext,
  AccountabilityEvent,
  AlsoInvestigate,
  AccountabilityEventType,
  AccountabilityInput,
  DeadlineKind,
  Measure,
} from '../../machines/v1/accountability.types';
import { RECTIFICATION_RELATION } from '../../machines/v1/accountability.types';
import {
  defineWorkflow,
  type DeadlineDueInput,
  type DeadlinePolicy,
  type EffectsInput,
  type EventPolicy,
  type MeasureRecord,
  type OpenInput,
  type PayloadVariants,
  type RoleDeclaration,
  type WorkflowEffect,
} from '../../src/engine/workflow.types';
import {
  DecideNoAccountabilityPayload,
  ExtendInvestigationPayload,
  FileAppealPayload,
  MergePayload,
  ReasonPayload,
  RecordExecutionPayload,
  RecordStatementPayload,
  TransferPayload,
} from '../accountability.payloads';
import {
  AccountabilityOpenPayloadV1 as AccountabilityOpenPayload,
  BY_SUBJECT_KIND_V1 as BY_SUBJECT_KIND,
  DeliverPayloadV1 as DeliverPayload,
  JurisdictionPayloadV1,
  SubmitReportPayloadV1 as SubmitReportPayload,
} from './accountability.payloads';
import { roles } from '../roles';
import { impactUntil } from './accountability.policy';
import { ACCOUNTABILITY_REPORTS } from '../accountability.reports';
import { TALLIES } from '../indices.tallies';

type Ctx = AccountabilityContext;
type Fx = EffectsInput<Ctx, AccountabilityEvent>;
type LinkedEvent = 'LINKED_CASE_CLOSED';

const linkedEvents: Record<LinkedEvent, { description: string }> = {
  LINKED_CASE_CLOSED: {
    description:
      "The decision's rectification case closed (verified): the execution's rectification region is done",
  },
};

const ACCOUNTABILITY_ROLES: RoleDeclaration[] = roles(
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
  DECLINE: { roles: ['officer'], payload: ReasonPayload, description: 'Decline the proposal' },
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
    // the committee decides with the officer's proposal in view
    showBeside: 'PROPOSE_OPINION',
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
    description: 'Record that the measures were carried out and filed',
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
    payload: JurisdictionPayloadV1,
    description: 'Transfer the case to another handling unit (移送管辖), before the decision',
    sideMove: true,
  },
  TAKE_OVER: {
    roles: ['leader'],
    payload: JurisdictionPayloadV1,
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
    duration: 'P1M',
    flagsOverdue: false,
    due: ({ context, at, duration, calendar }) =>
      calendar.add(from(context.delivery?.deliveredAt, at), duration),
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
      responsibility: e.responsibility,
    },
  }));
}

function decideEffects(after: Ctx, { calendar, event }: Fx): WorkflowEffect[] {
  const decision = after.decision;
  if (!decision) return [];
  const measures: WorkflowEffect = {
    type: 'recordMeasures',
    measures: measureRecords(after, decision.measures, event.at, calendar),
  };
  return [...linkedCases(after, decision.alsoInvestigate), measures, ...rectificationCase(after)];
}

/** The decision's order to rectify is followed up by a rectification case of its own (整改督办). */
function rectificationCase(ctx: Ctx): WorkflowEffect[] {
  const order = ctx.rectification;
  if (!order) return [];
  const unit = order.unit ?? { ref: ctx.subject.ref, name: ctx.subject.name };
  return [
    {
      type: 'openCase',
      workflow: 'rectification',
      relation: RECTIFICATION_RELATION,
      title: `整改 Rectification: ${ctx.title}`,
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

/**
 * Why a guard refused a payload: measures that do not fit the kind of subject the case is about, or
 * dates that cannot be true (a delivery before the decision or in the future, a rectification due
 * in the past).
 */
function explainRefusal(ctx: Ctx, event: AccountabilityEvent): string | null {
  const measures: Measure[] = 'measures' in event.payload ? (event.payload.measures ?? []) : [];
  const misfits = measures.filter((m) => !measureFits(ctx.subject.kind, m));
  const reasons: string[] = [];
  if (misfits.length) {
    const names = misfits.map((m) => (m.detail ? `${m.type} (${m.detail})` : m.type)).join(', ');
    reasons.push(
      `measures ${names} do not fit a subject of kind ${ctx.subject.kind} (or their detail is missing or wrong)`,
    );
  }
  const dates = dateProblem(ctx, event);
  if (dates) reasons.push(dates);
  return reasons.length ? reasons.join('; ') : null;
}

export const accountabilityWorkflowV1 = defineWorkflow<
  Ctx,
  AccountabilityEvent,
  AccountabilityOpenPayload,
  LinkedEvent
>({
  name: 'accountability',
  version: 1,
  title: 'Accountability procedure (问责)',
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
  reports: ACCOUNTABILITY_REPORTS,
  // Version 2's documents read only what version 1's context holds too.
  documents: ACCOUNTABILITY_DOCUMENTS as unknown as Record<string, DocumentDefinition<Ctx>>,
});
