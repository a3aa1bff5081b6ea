import { RECTIFICATION_DOCUMENTS } from '../rectification.documents';
import {
  nextItemDue,
  RECTIFICATION_WORKFLOW,
  rectificationMachine,
  completeRefusal,
  escalateRefusal,
  verifyRefusal,
} from '../../machines/v1/rectification.machine';
import type {
  Payloads,
  RectificationContext,
  RectificationEvent,
  RectificationEventType,
  RectificationInput,
  RectificationSource,
} from '../../machines/v1/rectification.types';
import {
  defineWorkflow,
  type DeadlinePolicy,
  type EffectsInput,
  type EventPolicy,
  type OpenInput,
  type RoleDeclaration,
  type WorkflowEffect,
} from '../../src/engine/workflow.types';
import {
  CompleteItemPayload,
  RectificationReasonPayload,
  RecordNoticePayload,
  RecordTalkPayload,
  RectificationOpenPayload,
  SubmitPlanPayload,
  VerifyPayload,
} from '../rectification.payloads';
import { roles } from '../roles';
import { TALLIES } from '../indices.tallies';

type Ctx = RectificationContext;

/** The same roles (and labels) as the accountability procedure: the same people at the same desks. */
export const RECTIFICATION_ROLES: RoleDeclaration[] = roles('integration', 'officer', 'leader');

/** The relation of the accountability case an escalation opens (倒查: looking back at who let it lapse). */
export const REFERRAL_RELATION = 'rectificationOverdue';

const events: Record<RectificationEventType, EventPolicy<Ctx>> = {
  SUBMIT_PLAN: {
    roles: ['officer'],
    payload: SubmitPlanPayload,
    description: "Submit the unit's rectification plan",
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
    description: 'Record the 督办 notice sent to the unit about its overdue items',
  },
  RECORD_TALK: {
    roles: ['leader'],
    payload: RecordTalkPayload,
    description: 'Record the talk held with the unit (约谈) about its overdue items',
  },
  ESCALATE: {
    roles: ['leader'],
    payload: RectificationReasonPayload,
    description:
      "Refer the unit's principal leader for accountability (倒查), after a notice and a talk: opens an accountability case",
  },
};

const deadlines: Record<'itemDue', DeadlinePolicy<Ctx>> = {
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
};

function input(open: OpenInput<RectificationOpenPayload>): RectificationInput {
  const { source, unitLeader, items } = open.payload;
  return {
    title: open.title,
    subject: open.subject,
    source,
    unitLeader: {
      ref: unitLeader.ref,
      name: unitLeader.name,
      ...(unitLeader.post && { post: unitLeader.post }),
    },
    items: items.map(({ description, responsible, dueAt }) => ({ description, responsible, dueAt })),
    linkedFrom: open.linkedFrom ?? null,
    openedAt: open.at,
    openedBy: open.actor,
  };
}

/** An instant as officers read it: Beijing time to the minute, e.g. 2026-11-30 10:20 (UTC+8). */
function beijingTime(iso: string): string {
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} (UTC+8)`;
}

function overdueFacts(ctx: Ctx, reason: string): string {
  const overdue = ctx.items.filter((i) => i.overdueAt !== null && i.completedAt === null);
  const lines = overdue.map(
    (i) =>
      `item ${i.id} "${i.description}" (responsible: ${i.responsible}) was due ${beijingTime(i.dueAt)}, not done`,
  );
  return [`Rectification "${ctx.title}" is overdue.`, ...lines, `Reason for referral: ${reason}`].join('\n');
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

function referralEffects({ before, after, event }: EffectsInput<Ctx, RectificationEvent>): WorkflowEffect[] {
  if (event.type !== 'ESCALATE' || before.context.referral || !after.context.referral) return [];
  const ctx = after.context;
  const leader = ctx.unitLeader;
  return [
    {
      type: 'openCase',
      workflow: 'accountability',
      relation: REFERRAL_RELATION,
      title: `Accountability for overdue rectification: ${ctx.title}`,
      subject: {
        ref: leader.ref,
        kind: 'individual',
        name: leader.name,
        organisation: ctx.subject.name,
        ...(leader.post && { post: leader.post }),
      },
      payload: {
        source: ACCOUNTABILITY_SOURCE[ctx.source],
        facts: overdueFacts(ctx, after.context.referral.reason),
      },
    },
  ];
}

function explainRefusal(ctx: Ctx, event: RectificationEvent): string | null {
  switch (event.type) {
    case 'COMPLETE_ITEM':
      return completeRefusal(ctx, (event.payload as Payloads['COMPLETE_ITEM']).itemId);
    case 'VERIFY':
      return verifyRefusal(ctx, event.payload as Payloads['VERIFY'], event.at);
    case 'ESCALATE':
      return escalateRefusal(ctx);
    default:
      return null;
  }
}

export const rectificationWorkflowV1 = defineWorkflow<Ctx, RectificationEvent, RectificationOpenPayload>({
  name: RECTIFICATION_WORKFLOW,
  version: 1,
  title: 'Rectification follow-up (整改督办)',
  description:
    'Findings of an inspection tour, an audit, an accountability decision or an assessment, followed up item by ' +
    'item with their own due dates: plan, approval, completion, verification; overdue items escalate to a 督办 ' +
    "notice, a talk and an accountability referral of the unit's principal leader.",
  machine: rectificationMachine,
  roles: RECTIFICATION_ROLES,
  open: {
    roles: ['integration', 'officer'],
    payload: RectificationOpenPayload,
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
  documents: RECTIFICATION_DOCUMENTS,
});
