import { RECTIFICATION_DOCUMENTS } from './rectification.documents';
import {
  nextItemDue,
  planRefusal,
  RECTIFICATION_WORKFLOW,
  rectificationMachine,
  completeRefusal,
  escalateRefusal,
  verifyRefusal,
} from '../machines/rectification.machine';
import type {
  Payloads,
  RectificationContext,
  RectificationEvent,
  RectificationEventType,
  RectificationInput,
  RectificationSource,
  Referral,
  Referred,
} from '../machines/rectification.types';
import { autoNotice, RECTIFICATION_AUTO_NOTICE } from './escalation.policy';
import { RECTIFICATION_RULES, refusalRule } from './rectification.rules';
import {
  defineWorkflow,
  type DeadlinePolicy,
  type EffectsInput,
  type EventPolicy,
  type OpenInput,
  type Refusal,
  type RoleDeclaration,
  type WorkflowEffect,
  type Language,
} from '../src/engine/workflow.types';
import {
  CompleteItemPayload,
  RectificationCaseOpenPayload,
  RectificationEscalatePayload,
  RectificationPlanPayload,
  RectificationReasonPayload,
  RecordNoticePayload,
  RecordTalkPayload,
  VerifyPayload,
} from './rectification.payloads';
import { roles } from './roles';
import { inLanguage } from './language';
import { rectificationReason } from './rectification.refusals';
import { TALLIES } from './indices.tallies';

type Ctx = RectificationContext;

/** The same roles (and labels) as the accountability procedure: the same people at the same desks. */
export const RECTIFICATION_ROLES: RoleDeclaration[] = roles('integration', 'officer', 'leader');

/** The relation of the accountability case an escalation opens (倒查: looking back at who let it lapse). */
export const REFERRAL_RELATION = 'rectificationOverdue';

const events: Record<RectificationEventType, EventPolicy<Ctx>> = {
  SUBMIT_PLAN: {
    roles: ['officer'],
    payload: RectificationPlanPayload,
    description:
      "Submit the unit's rectification plan; it names the supervisory responsible person and each item's " +
      'responsible person where the case does not (a 倒查 reaches them)',
  },
  APPROVE_PLAN: { roles: ['leader'], description: 'Approve the plan; the items are followed up one by one' },
  RETURN_PLAN: {
    roles: ['leader'],
    payload: RectificationReasonPayload,
    description: 'Return the plan for rework',
  },
  COMPLETE_ITEM: {
    roles: ['officer'],
    payload: CompleteItemPayload,
    // The item is picked from the case's open items by its description; none left: not offered.
    choices: (ctx) => ({
      itemId: ctx.items
        .filter((i) => completeRefusal(ctx, i.id) === null)
        .map((i) => ({
          value: i.id,
          label: { zh: `${i.id}. ${i.description}`, en: `${i.id}. ${i.description}` },
        })),
    }),
    description: 'Record that one item was rectified, with the evidence; the last one goes to verification',
  },
  VERIFY: {
    roles: ['leader'],
    payload: VerifyPayload,
    description:
      'Verify the rectification: passed closes the case; failed reopens the named items with new due dates',
  },
  RECORD_NOTICE: {
    roles: ['officer'],
    payload: RecordNoticePayload,
    description:
      'Record a 督办 notice sent to the unit about its overdue items (a lapse issues one by itself where the deployment says so)',
  },
  RECORD_TALK: {
    roles: ['leader'],
    payload: RecordTalkPayload,
    description: 'Record the talk held with the unit (约谈) about its overdue items',
  },
  ESCALATE: {
    roles: ['leader'],
    payload: RectificationEscalatePayload,
    description:
      'Refer for accountability (倒查), after a notice and a talk: opens an accountability case against the ' +
      "unit's principal leader (主体责任), the supervisory responsible person (监督责任) and the person of " +
      'each lapsed item not yet referred (direct responsibility), each linked',
  },
};

const deadlines: Record<'itemDue' | 'planDue', DeadlinePolicy<Ctx>> = {
  planDue: {
    kind: 'rectificationPlan',
    // Issue 18, fix 8: the plan within 15 working days of the opening (DEADLINE_OVERRIDES may change it).
    duration: 'P15WD',
    flagsOverdue: true,
    // From the opening, also when a returned plan re-arms it.
    due: ({ context, duration, calendar }) => calendar.add(new Date(context.openedAt), duration),
    overdueWhile: ['planOverdue'],
  },
  itemDue: {
    kind: 'rectificationItem',
    // Only when no item is watched (never in a state that arms it); items carry their own due dates.
    duration: 'P1M',
    flagsOverdue: true,
    // The rolling limit over all items: the earliest due date among the open items not yet flagged.
    due: ({ context, at, duration, calendar }) => {
      const due = nextItemDue(context);
      return due ? new Date(due) : calendar.add(new Date(at), duration);
    },
    // A fired limit moved the case to escalated; it stays overdue until every item is done.
    overdueWhile: ['escalated'],
  },
};

/** The accountability procedure's sources: an overdue rectification keeps its origin where it has one. */
const ACCOUNTABILITY_SOURCE: Record<RectificationSource, string> = {
  inspectionTour: 'inspectionTour',
  audit: 'audit',
  accountabilityDecision: 'superiorInstruction',
  assessment: 'superiorInstruction',
  other: 'superiorInstruction',
  selfInspection: 'superiorInstruction',
};

const person = (p: { ref: string; name: string; post?: string }) => ({
  ref: p.ref,
  name: p.name,
  ...(p.post && { post: p.post }),
});

function input(open: OpenInput<RectificationCaseOpenPayload>): RectificationInput {
  const { source, unitLeader, supervisor, items } = open.payload;
  return {
    title: open.title,
    subject: open.subject,
    source,
    unitLeader: person(unitLeader),
    supervisor: supervisor ? person(supervisor) : null,
    autoNotice: autoNotice(RECTIFICATION_AUTO_NOTICE),
    items: items.map(({ description, responsible, responsibleRef, dueAt }) => ({
      description,
      responsible,
      ...(responsibleRef && { responsibleRef }),
      dueAt,
    })),
    linkedFrom: open.linkedFrom ?? null,
    openedAt: open.at,
    openedBy: open.actor,
  };
}

/** An instant as officers read it: Beijing time to the minute, e.g. 2026-11-30 10:20 (UTC+8). */
function beijingTime(iso: string, language: Language | undefined): string {
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}${language === 'en' ? ' (UTC+8)' : '（北京时间）'}`;
}

const SIDE_WORDS = {
  principal: {
    zh: '主体责任（单位主要负责人）',
    en: "principal responsibility (the unit's principal leader)",
  },
  supervisor: { zh: '监督责任（纪检监察负责人）', en: 'supervisory responsibility (the discipline head)' },
  itemOwner: { zh: '逾期整改事项的直接责任', en: 'the person responsible for the lapsed items' },
} as const;

/** The facts of a 倒查 case, in the deployment's language; what users wrote, as they wrote it. */
function referralFacts(ctx: Ctx, referral: Referral, who: Referred, language: Language | undefined): string {
  const en = language === 'en';
  const lapsed = ctx.items.filter((i) => referral.itemIds.includes(i.id));
  const lines = lapsed.map((i) =>
    en
      ? `item ${i.id} "${i.description}" (responsible: ${i.responsible}) was due ${beijingTime(i.dueAt, language)}, not done`
      : `第${i.id}项“${i.description}”（责任人：${i.responsible}）应于${beijingTime(i.dueAt, language)}前完成，逾期未完成`,
  );
  const sides = who.sides.map((s) => inLanguage(language, SIDE_WORDS[s]));
  return [
    en ? `Rectification "${ctx.title}" is overdue (倒查).` : `整改“${ctx.title}”逾期未完成（倒查）。`,
    ...lines,
    en ? `${who.name} is referred for: ${sides.join('; ')}.` : `移送${who.name}追究：${sides.join('；')}。`,
    en ? `Reason for referral: ${referral.reason}` : `移送理由：${referral.reason}`,
  ].join('\n');
}

/**
 * Closed (verified): the case that opened this one hears of it (LINKED_CASE_CLOSED), if its workflow
 * takes that event; an accountability decision's execution waits for it.
 */
function closingEffects({ before, after }: EffectsInput<Ctx, RectificationEvent>): WorkflowEffect[] {
  const from = after.context.linkedFrom;
  if (!from || before.context.outcome !== null || after.context.outcome === null) return [];
  const payload = {
    relation: from.relation,
    workflow: RECTIFICATION_WORKFLOW,
    outcome: after.context.outcome,
  };
  return [{ type: 'notifyCase', caseId: from.caseId, event: 'LINKED_CASE_CLOSED', payload }];
}

function effects(fx: EffectsInput<Ctx, RectificationEvent>): WorkflowEffect[] {
  return [...referralEffects(fx), ...closingEffects(fx)];
}

/** 倒查: one accountability case per person the referral reached, each naming its responsibility. */
function referralEffects({
  before,
  after,
  event,
  language,
}: EffectsInput<Ctx, RectificationEvent>): WorkflowEffect[] {
  const made = after.context.referrals ?? [];
  if (event.type !== 'ESCALATE' || made.length === (before.context.referrals ?? []).length) return [];
  const ctx = after.context;
  const referral = made[made.length - 1];
  return referral.persons.map((who) => ({
    type: 'openCase',
    workflow: 'accountability',
    relation: REFERRAL_RELATION,
    title: inLanguage(language, {
      zh: `整改逾期倒查问责：${ctx.title}（${who.name}）`,
      en: `Accountability for overdue rectification (倒查): ${ctx.title} (${who.name})`,
    }),
    subject: {
      ref: who.ref,
      kind: 'individual',
      name: who.name,
      organisation: ctx.subject.name,
      ...(who.post && { post: who.post }),
    },
    payload: {
      source: ACCOUNTABILITY_SOURCE[ctx.source],
      facts: referralFacts(ctx, referral, who, language),
      situation: 'dutiesNotCarriedOut',
      responsibility: who.responsibility,
    },
  }));
}

function explainRefusal(ctx: Ctx, event: RectificationEvent): Refusal | null {
  const message = refusalMessage(ctx, event);
  if (message === null) return null;
  const rule = refusalRule(ctx, event);
  return { message, ...(rule && { rule }), ...rectificationReason(ctx, event) };
}

function refusalMessage(ctx: Ctx, event: RectificationEvent): string | null {
  switch (event.type) {
    case 'SUBMIT_PLAN':
      return planRefusal(ctx, event.payload as Payloads['SUBMIT_PLAN']);
    case 'COMPLETE_ITEM':
      return completeRefusal(ctx, (event.payload as Payloads['COMPLETE_ITEM']).itemId);
    case 'VERIFY':
      return verifyRefusal(ctx, event.payload as Payloads['VERIFY'], event.at);
    case 'ESCALATE':
      return escalateRefusal(ctx, event.payload as Payloads['ESCALATE']);
    default:
      return null;
  }
}

// A wrong value stops the start here, with what is wrong.
autoNotice(RECTIFICATION_AUTO_NOTICE);

export const rectificationWorkflow = defineWorkflow<Ctx, RectificationEvent, RectificationCaseOpenPayload>({
  name: RECTIFICATION_WORKFLOW,
  version: 2,
  title: 'Rectification follow-up (整改督办)',
  caseNumberLabel: { zh: '整改', en: 'Rect' },
  description:
    'Findings of an inspection tour, an audit, an accountability decision or an assessment, followed up item by ' +
    'item with their own due dates: a plan within its time limit, approval, completion, verification; a lapse ' +
    'issues a 督办 notice by itself, then a talk, and a 倒查 reaches the principal, the supervisory responsible ' +
    "person and each lapsed item's person, each with their own accountability case.",
  machine: rectificationMachine,
  roles: RECTIFICATION_ROLES,
  open: {
    roles: ['integration', 'officer'],
    payload: RectificationCaseOpenPayload,
    subjectKinds: ['organisation'],
  },
  events,
  deadlines,
  effectTypes: ['openCase', 'notifyCase'],
  input,
  outcome: (context) => context.outcome,
  // what the indices count inside its cases (workflows/indices.tallies.ts)
  tallies: TALLIES.rectification,
  effects,
  explainRefusal,
  // The notice may be printed while the plan is late too (version 2's planOverdue).
  documents: {
    ...RECTIFICATION_DOCUMENTS,
    notice: {
      ...RECTIFICATION_DOCUMENTS.notice,
      states: [...RECTIFICATION_DOCUMENTS.notice.states, 'planOverdue'],
    },
  },
  rules: RECTIFICATION_RULES,
});
