/*
 * Inquiry (谈话函询) version 1, as deployed: kept unchanged so that cases stored on it still advance,
 * verify and replay. New cases open on version 2 (../inquiry.workflow.ts); an admin moves a stored case
 * with POST /cases/:id/migrate (see the README). Version 1 declares no rules.
 */
import { INQUIRY_DOCUMENTS } from '../inquiry.documents';
import { conclusionProblem, dateProblem, inquiryMachine } from '../../machines/v1/inquiry.machine';
import type {
  InquiryContext,
  InquiryEvent,
  InquiryEventType,
  InquiryInput,
  Source,
} from '../../machines/v1/inquiry.types';
import {
  defineWorkflow,
  type DeadlinePolicy,
  type EffectsInput,
  type EventPolicy,
  type MeasureRecord,
  type OpenInput,
  type RoleDeclaration,
  type WorkflowEffect,
} from '../../src/engine/workflow.types';
import type { Source as AccountabilitySource } from '../accountability.payloads';
import { impactUntil } from '../accountability.policy';
import {
  InquiryApprovePayload,
  InquiryOpenPayload,
  InquiryReasonPayload,
  InquiryRecordTalkPayload,
  InquirySendLetterPayload,
  SOURCE_LABELS,
} from '../inquiry.payloads';
import { roles } from '../roles';
import {
  CONCLUSION_LABELS_V1 as CONCLUSION_LABELS,
  InquiryConcludePayload,
  InquiryOrganisationConcludePayload,
  InquiryRecordReplyPayload,
} from './inquiry.payloads';
import { TALLIES } from '../indices.tallies';

type Ctx = InquiryContext;
type Fx = EffectsInput<Ctx, InquiryEvent>;

const INQUIRY_WORKFLOW = 'inquiry';

/** The relation of the accountability case an escalated inquiry opens. */
const ESCALATION_RELATION = 'inquiryEscalated';

/** Same ids and labels as the accountability procedure's roles. */
const INQUIRY_ROLES: RoleDeclaration[] = roles('integration', 'officer', 'leader');

const events: Record<InquiryEventType, EventPolicy<Ctx>> = {
  APPROVE: {
    roles: ['leader'],
    payload: InquiryApprovePayload,
    description: 'Approve the inquiry, by a talk (谈话) or a letter (函询)',
  },
  DECLINE: { roles: ['leader'], payload: InquiryReasonPayload, description: 'Decline to make the inquiry' },
  RECORD_TALK: {
    roles: ['officer'],
    payload: InquiryRecordTalkPayload,
    description: 'Record the talk held with the cadre (not in the future, not before the case was opened)',
  },
  SEND_LETTER: {
    roles: ['officer'],
    payload: InquirySendLetterPayload,
    description:
      'Record the letter of inquiry sent; the written reply is due in 15 working days (not in the future, not before the case was opened)',
  },
  RECORD_REPLY: {
    roles: ['officer'],
    payload: InquiryRecordReplyPayload,
    description:
      'Record the written reply, also after its limit (not in the future, not before the letter was sent)',
  },
  CONCLUDE: {
    roles: ['leader'],
    // A formal warning only fits an individual: the conclusions offered depend on the subject's kind.
    payload: {
      variants: { individual: InquiryConcludePayload, organisation: InquiryOrganisationConcludePayload },
      select: (context) => context.subject.kind,
    },
    description:
      'Conclude: cleared, reminder, criticism, formal warning (recorded on the subject) or escalated (opens an accountability case)',
  },
};

const deadlines: Record<'reply', DeadlinePolicy<Ctx>> = {
  // 15 working days from the letter (2019 Rules Art 29), counted from the event that sent it.
  reply: { kind: 'reply', duration: 'P15WD', flagsOverdue: true },
};

function input(open: OpenInput<InquiryOpenPayload>): InquiryInput {
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
const ACCOUNTABILITY_SOURCE: Record<Source, AccountabilitySource> = {
  report: 'report',
  inspectionTour: 'inspectionTour',
  audit: 'audit',
  superiorInstruction: 'superiorInstruction',
  // A clue of no listed source surfaced in handling this case.
  other: 'caseInvestigation',
};

/** What the inquiry found, as the facts of the accountability case it opens. */
function escalationFacts(ctx: Ctx): string {
  const lines = [`Clue (${SOURCE_LABELS[ctx.source].en}): ${ctx.clue}`];
  if (ctx.talk) lines.push(`Talk held ${ctx.talk.heldAt}: ${ctx.talk.record}`);
  if (ctx.letter) lines.push(`Letter ${ctx.letter.letterRef} sent ${ctx.letter.sentAt}`);
  if (ctx.reply) {
    const late = ctx.reply.late ? ' (after its limit)' : '';
    lines.push(`Reply received ${ctx.reply.receivedAt}${late}: ${ctx.reply.summary}`);
  }
  if (ctx.conclusion) lines.push(`Conclusion of the inquiry: ${ctx.conclusion.reason}`);
  return lines.join('\n');
}

function formalWarning(ctx: Ctx, { event, calendar }: Fx): WorkflowEffect {
  const until = impactUntil(ctx.subject.kind, { type: 'formalWarning' }, event.at, calendar);
  const measure: MeasureRecord = {
    type: 'formalWarning',
    decidedAt: event.at,
    ...(until !== undefined && { impactUntil: until }),
  };
  return { type: 'recordMeasures', measures: [measure] };
}

function escalation(ctx: Ctx): WorkflowEffect {
  return {
    type: 'openCase',
    workflow: 'accountability',
    relation: ESCALATION_RELATION,
    title: `Accountability after an inquiry: ${ctx.title}`,
    subject: ctx.subject,
    payload: { source: ACCOUNTABILITY_SOURCE[ctx.source], facts: escalationFacts(ctx) },
  };
}

function effects(fx: Fx): WorkflowEffect[] {
  if (fx.event.type !== 'CONCLUDE' || fx.before.value !== 'awaitingConclusion') return [];
  const after = fx.after.context;
  switch (after.outcome) {
    case 'formalWarning':
      return [formalWarning(after, fx)];
    case 'escalated':
      return [escalation(after)];
    default:
      return [];
  }
}

function explainRefusal(ctx: Ctx, event: InquiryEvent): string | null {
  const problems = [dateProblem(ctx, event), conclusionProblem(ctx, event)].filter(Boolean);
  return problems.length ? problems.join('; ') : null;
}

export const inquiryWorkflowV1 = defineWorkflow<Ctx, InquiryEvent, InquiryOpenPayload>({
  name: INQUIRY_WORKFLOW,
  version: 1,
  title: 'Talk or letter of inquiry (谈话函询)',
  description:
    'A clue about a cadre is checked by a talk or a letter of inquiry, approved by the principal leader; ' +
    'the written reply is due in 15 working days. Concluded as ' +
    Object.values(CONCLUSION_LABELS)
      .map((l) => `${l.en} (${l.zh})`)
      .join(', ') +
    ': a formal warning is recorded on the subject, an escalation opens an accountability case.',
  machine: inquiryMachine,
  roles: INQUIRY_ROLES,
  open: { roles: ['integration', 'officer'], payload: InquiryOpenPayload },
  events,
  deadlines,
  effectTypes: ['openCase', 'recordMeasures'],
  input,
  outcome: (context) => context.outcome,
  // what the indices count inside its cases (workflows/indices.tallies.ts)
  tallies: TALLIES.inquiry,
  effects,
  explainRefusal,
  documents: INQUIRY_DOCUMENTS,
});
