/*
 * Talk or letter of inquiry (谈话函询), version 2: by the 2019 Rules on supervision and discipline
 * enforcement Art 28–30. Version 1 (v1/inquiry.workflow.ts) stays deployed for the cases stored on it.
 */
import { INQUIRY_DOCUMENTS_V2 } from './inquiry.documents';
import {
  conclusionProblem,
  dateProblem,
  endorsementProblem,
  inquiryMachine,
  secondLetterProblem,
} from '../machines/inquiry.machine';
import type { InquiryContext, InquiryEvent, InquiryEventType, InquiryInput } from '../machines/inquiry.types';
import {
  defineWorkflow,
  type DeadlineDueInput,
  type DeadlinePolicy,
  type EffectsInput,
  type Language,
  type EventPolicy,
  type MeasureRecord,
  type OpenInput,
  type Refusal,
  type RoleDeclaration,
  type WorkflowEffect,
} from '../src/engine/workflow.types';
import { impactUntil } from './accountability.policy';
import {
  CONCLUSION_LABELS,
  InquiryApprovePayload,
  InquiryAskAgainPayload,
  InquiryConclusionPayload,
  InquiryLetterReceivedPayload,
  InquiryOpenPayload,
  InquiryOrganisationConclusionPayload,
  InquiryReasonPayload,
  InquiryRecordTalkPayload,
  InquiryReplyPayload,
  InquirySendLetterPayload,
  SOURCE_LABELS,
} from './inquiry.payloads';
import { inquiryReason } from './inquiry.refusals';
import { INQUIRY_RULES, ruleOfGuard } from './inquiry.rules';
import { CLUE } from './preliminary-verification.payloads';
import { clip } from './preliminary-verification.workflow';
import type { Source as VerificationSource } from '../machines/preliminary-verification.types';
import { roles } from './roles';
import { inLanguage } from './language';
import { chinaDate } from '../src/engine/document.types';
import { TALLIES } from './indices.tallies';

type Ctx = InquiryContext;
type Fx = EffectsInput<Ctx, InquiryEvent>;

export const INQUIRY_WORKFLOW = 'inquiry';

/** The relation of the preliminary verification case an inquiry that found a problem opens. */
export const VERIFICATION_RELATION = 'inquiryToVerification';

/** Same ids and labels as the accountability procedure's roles. */
export const INQUIRY_ROLES: RoleDeclaration[] = roles('integration', 'officer', 'leader');

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
    description:
      'Record the talk held with the cadre (not in the future, not before the case was opened); the report on it is due within a month',
  },
  SEND_LETTER: {
    roles: ['officer'],
    payload: InquirySendLetterPayload,
    description:
      'Record the letter of inquiry sent (not in the future, not before the case was opened); the reply limit runs from its receipt',
  },
  RECORD_LETTER_RECEIVED: {
    roles: ['officer'],
    payload: InquiryLetterReceivedPayload,
    description:
      'Record when the cadre received the letter: the written reply is due 15 working days after (not in the future, not before the letter was sent)',
  },
  RECORD_REPLY: {
    roles: ['officer'],
    payload: InquiryReplyPayload,
    description:
      'Record the written reply with the signed opinion of the principal leader of the cadre’s Party committee, and whether it denies a concrete allegation; ' +
      'late when received after its limit (not in the future, not before the letter was received)',
  },
  ASK_AGAIN: {
    roles: ['leader'],
    payload: InquiryAskAgainPayload,
    description: 'Send a second letter (再次函询): the reply denies a concrete allegation',
    requires: { zh: '已收到函询回复', en: 'a written reply' },
  },
  CONCLUDE: {
    roles: ['leader'],
    // A formal warning only fits an individual: the conclusions offered depend on the subject's kind.
    payload: {
      variants: {
        individual: InquiryConclusionPayload,
        organisation: InquiryOrganisationConclusionPayload,
      },
      select: (context) => context.subject.kind,
    },
    description:
      'Approve the report on the talk or reply and conclude: cleared, reminder, criticism, self-examination, ' +
      'formal warning (recorded on the subject) or preliminary verification (opens a verification case)',
  },
};

/** When the subject received the current letter (the reply limit runs from there), else the event's time. */
function receivedAt({ context, at }: DeadlineDueInput<Ctx>): string {
  return context.letter?.receipt?.receivedAt ?? at;
}

/** What the report is on: the reply's receipt, else the talk, else the event's time. */
function reportFrom({ context, at }: DeadlineDueInput<Ctx>): string {
  return context.reply?.receivedAt ?? context.talk?.heldAt ?? at;
}

const deadlines: Record<'reply' | 'report', DeadlinePolicy<Ctx>> = {
  // 15 working days from the subject's receipt of the letter (2019 Rules Art 29).
  reply: {
    kind: 'reply',
    duration: 'P15WD',
    flagsOverdue: true,
    due: (d) => d.calendar.add(new Date(receivedAt(d)), d.duration),
  },
  // The report on the talk or reply within one month (2019 Rules Art 30).
  report: {
    kind: 'report',
    duration: 'P1M',
    flagsOverdue: true,
    due: (d) => d.calendar.add(new Date(reportFrom(d)), d.duration),
  },
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

/** Where the verification case says its clue came from: an inquiry. */
const VERIFICATION_SOURCE: VerificationSource = 'inquiry';

/** The lines of a letter and its reply, in the deployment's language (dates as Beijing's calendar has them). */
function letterLines(letter: Ctx['letter'], reply: Ctx['reply'], language: Language | undefined): string[] {
  if (!letter) return [];
  const zh = language !== 'en';
  const lines = [
    zh
      ? `${chinaDate(letter.sentAt)}发出函询（${letter.letterRef}）`
      : `Letter ${letter.letterRef} sent ${letter.sentAt}`,
  ];
  if (letter.receipt)
    lines.push(
      zh
        ? `${chinaDate(letter.receipt.receivedAt)}被函询人收到函询`
        : `Letter received by the subject ${letter.receipt.receivedAt}`,
    );
  if (reply) {
    const e = reply.endorsement;
    if (zh) {
      const late = reply.late ? '（已超过期限）' : '';
      const denies = reply.deniesAllegation ? '回复否认具体问题。' : '';
      lines.push(`${chinaDate(reply.receivedAt)}收到书面回复${late}：${reply.summary}${denies}`);
      lines.push(`${e.name}（${e.post}）的意见：${e.opinion}`);
    } else {
      const late = reply.late ? ' (after its limit)' : '';
      const denies = reply.deniesAllegation ? ' It denies a concrete allegation.' : '';
      lines.push(`Reply received ${reply.receivedAt}${late}: ${reply.summary}${denies}`);
      lines.push(`Opinion of ${e.name} (${e.post}): ${e.opinion}`);
    }
  }
  return lines;
}

/**
 * What the inquiry found, as the clue of the verification case it opens: words of the workflow in
 * the deployment's language (Chinese unless English), what users wrote as they wrote it.
 */
export function inquiryFindings(ctx: Ctx, language?: Language): string {
  const zh = language !== 'en';
  const source = SOURCE_LABELS[ctx.source];
  const lines = [zh ? `线索（${source.zh}）：${ctx.clue}` : `Clue (${source.en}): ${ctx.clue}`];
  if (ctx.talk)
    lines.push(
      zh
        ? `${chinaDate(ctx.talk.heldAt)}谈话：${ctx.talk.record}`
        : `Talk held ${ctx.talk.heldAt}: ${ctx.talk.record}`,
    );
  for (const round of ctx.rounds ?? []) {
    lines.push(
      ...letterLines(round.letter, round.reply, language),
      zh ? `再次函询：${round.askedAgain.reason}` : `Asked again: ${round.askedAgain.reason}`,
    );
  }
  lines.push(...letterLines(ctx.letter, ctx.reply, language));
  if (ctx.conclusion)
    lines.push(
      zh ? `函询结论：${ctx.conclusion.reason}` : `Conclusion of the inquiry: ${ctx.conclusion.reason}`,
    );
  return clip(lines.join('\n'), CLUE);
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

function verification(ctx: Ctx, language: Language | undefined): WorkflowEffect {
  return {
    type: 'openCase',
    workflow: 'preliminaryVerification',
    relation: VERIFICATION_RELATION,
    title: inLanguage(language, {
      zh: `谈话函询后初步核实：${ctx.title}`,
      en: `Preliminary verification after an inquiry: ${ctx.title}`,
    }),
    subject: ctx.subject,
    payload: { source: VERIFICATION_SOURCE, clue: inquiryFindings(ctx, language) },
  };
}

function effects(fx: Fx): WorkflowEffect[] {
  if (fx.event.type !== 'CONCLUDE' || fx.before.value !== 'awaitingConclusion') return [];
  const after = fx.after.context;
  switch (after.outcome) {
    case 'formalWarning':
      return [formalWarning(after, fx)];
    case 'toVerification':
      return [verification(after, fx.language)];
    default:
      return [];
  }
}

/** Why a guard refused the event, naming the rule that guard enforces. */
function explainRefusal(ctx: Ctx, event: InquiryEvent): Refusal | null {
  const problems: [string, string | null][] = [
    ['dateValid', dateProblem(ctx, event)],
    ['replyEndorsed', endorsementProblem(event)],
    ['secondLetterAllowed', event.type === 'ASK_AGAIN' ? secondLetterProblem(ctx) : null],
    ['conclusionFits', conclusionProblem(ctx, event)],
  ];
  const found = problems.filter((p): p is [string, string] => p[1] !== null);
  if (!found.length) return null;
  const rule = ruleOfGuard(found[0][0], ctx, event);
  return { message: found.map(([, m]) => m).join('; '), ...(rule && { rule }), ...inquiryReason(ctx, event) };
}

export const inquiryWorkflow = defineWorkflow<Ctx, InquiryEvent, InquiryOpenPayload>({
  name: INQUIRY_WORKFLOW,
  version: 2,
  title: 'Talk or letter of inquiry (谈话函询)',
  caseNumberLabel: { zh: '函询', en: 'Inq' },
  description:
    'A clue about a cadre is checked by a talk or a letter of inquiry, approved by the principal leader ' +
    '(2019 Rules on supervision and discipline enforcement Art 28–30). The written reply is due 15 working days ' +
    'after the cadre received the letter, with the signed opinion of the principal leader of their Party committee; ' +
    'the report on the talk or reply within a month. A reply that denies a concrete allegation may be followed by a ' +
    'second letter. Concluded as ' +
    Object.values(CONCLUSION_LABELS)
      .map((l) => `${l.en} (${l.zh})`)
      .join(', ') +
    ': a formal warning is recorded on the subject; a problem that needs checking opens a preliminary verification case.',
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
  documents: INQUIRY_DOCUMENTS_V2,
  rules: INQUIRY_RULES,
});
