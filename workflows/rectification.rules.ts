/*
 * The rules of the rectification follow-up (整改督办), version 2, as named properties over the
 * machine's paths (npm run rules), with the model the checker walks.
 */
import {
  escalateRefusal,
  nextItemDue,
  openItems,
  referredItemIds,
  unreferredLapses,
} from '../machines/rectification.machine';
import type {
  Payloads,
  RectificationContext,
  RectificationInput,
  Referral,
} from '../machines/rectification.types';
import type {
  Label,
  MachineEvent,
  PathStep,
  WorkflowRule,
  WorkflowRules,
} from '../src/engine/workflow.types';
import { lastStep as last, previousStep as before } from './rule-paths';

type Ctx = RectificationContext;
type Path = readonly PathStep<Ctx>[];

const FIX_1: Label = {
  zh: '《中国共产党问责条例》（2019）第六条、第七条（倒查及于主体责任、监督责任和直接责任人）',
  en: 'CPC Accountability Regulations (2019) Art 6–7 (倒查 reaches the principal, supervisory and direct responsible persons)',
};
const FIX_8: Label = {
  zh: '种子材料：整改“不督办、不落实”；整改方案时限与逾期自动督办为地方做法（可配置）',
  en: 'Seeds: rectifications left unchecked; the plan time limit and the automatic 督办 notice are local practice (configurable)',
};
const PROCEDURE: Label = {
  zh: '整改督办程序：逐项限期、逾期标记、督办约谈后倒查（domain.md「整改」；DESIGN.md「rectification」）',
  en: 'The rectification procedure: items by their own due dates, flagged when passed, notice and talk before 倒查 (domain.md; DESIGN.md)',
};

const isTimeout = (step: PathStep<Ctx>, delay: string) =>
  step.event?.type.startsWith(`xstate.after.${delay}.`) === true;
const newReferral = (path: Path): Referral | null => {
  const prev = before(path)?.context.referrals ?? [];
  const now = last(path).context.referrals ?? [];
  return now.length > prev.length ? now[now.length - 1] : null;
};

export const planWithinTimeLimit: WorkflowRule<Ctx> = {
  id: 'planWithinTimeLimit',
  source: FIX_8,
  text: {
    zh: '整改方案须在时限（默认15个工作日）内报送；逾期未报的，案件标记为逾期，直至报送',
    en: 'The plan is due within its time limit (15 working days by default); once it passes, the case is flagged late until the plan comes',
  },
  check: (path) => {
    const step = last(path);
    if (!isTimeout(step, 'planDue')) return null;
    if (!step.matches('planOverdue')) return `the plan's time limit passed but the case is in ${step.state}`;
    return step.context.planLapsedAt === step.event!.at ? null : 'the lapse of the plan was not recorded';
  },
};

export const lapseIssuesNotice: WorkflowRule<Ctx> = {
  id: 'lapseIssuesNotice',
  source: FIX_8,
  text: {
    zh: '整改事项逾期即自动发出督办通知（按部署配置），无需人工操作',
    en: 'A lapse of items issues the 督办 notice by itself (where the deployment says so), without anyone acting',
  },
  check: (path) => {
    const step = last(path);
    const prev = before(path);
    if (!prev || !isTimeout(step, 'itemDue') || step.context.autoNotice !== true) return null;
    if (step.context.lapses.length === prev.context.lapses.length) return null;
    const notice = step.context.notices.at(-1);
    return step.context.notices.length > prev.context.notices.length &&
      notice?.auto &&
      notice.at === step.event!.at
      ? null
      : 'items lapsed and no 督办 notice was issued';
  },
};

export const itemsFlaggedWhenDue: WorkflowRule<Ctx> = {
  id: 'itemsFlaggedWhenDue',
  source: PROCEDURE,
  text: {
    zh: '每项整改按其完成时限督办：时限届满未完成的，逐项标记逾期',
    en: 'Each item runs to its own due date: when it passes with the item open, the item is flagged overdue',
  },
  guards: ['somethingDue'],
  check: (path) => {
    const step = last(path);
    if (!isTimeout(step, 'itemDue')) return null;
    const at = Date.parse(step.event!.at);
    const missed = openItems(step.context).filter((i) => Date.parse(i.dueAt) <= at && i.overdueAt === null);
    return missed.length ? `item ${missed[0].id} passed its due date unflagged` : null;
  },
};

export const noticeAndTalkBeforeReferral: WorkflowRule<Ctx> = {
  id: 'noticeAndTalkBeforeReferral',
  source: PROCEDURE,
  text: {
    zh: '倒查前须先督办、约谈；每次倒查须有其后新的督办和约谈',
    en: 'A 倒查 comes after a 督办 notice and a talk; each later one after a newer notice and talk',
  },
  guards: ['canEscalate'],
  check: (path) => {
    const referral = newReferral(path);
    if (!referral) return null;
    const earlier = (last(path).context.referrals ?? []).slice(0, -1).at(-1);
    const since = earlier ?? { notices: 0, talks: 0 };
    return referral.notices > since.notices && referral.talks > since.talks
      ? null
      : 'a 倒查 was made without a notice and a talk since the last one';
  },
};

export const referralReachesResponsible: WorkflowRule<Ctx> = {
  id: 'referralReachesResponsible',
  source: FIX_1,
  text: {
    zh: '倒查及于单位主要负责人（主体责任）、监督责任人和每项逾期事项的责任人，各立问责案件并载明责任类型',
    en: "A 倒查 reaches the unit's principal leader (主体责任), the supervisory responsible person (监督责任) and the person of each lapsed item, each a case naming a responsibility",
  },
  guards: ['canEscalate'],
  check: (path) => {
    const referral = newReferral(path);
    const prev = before(path);
    if (!referral || !prev) return null;
    const ctx = last(path).context;
    const reached = (ref: string | undefined, side: string) =>
      referral.persons.some((p) => p.ref === ref && p.sides.includes(side as never) && p.responsibility);
    if (!reached(ctx.unitLeader.ref, 'principal')) return 'the 倒查 missed the principal leader';
    if (!ctx.supervisor || !reached(ctx.supervisor.ref, 'supervisor'))
      return 'the 倒查 missed the supervisor';
    const lapsed = unreferredLapses(prev.context).map((i) => i.id);
    if (!lapsed.length) return 'a 倒查 with no lapsed item';
    for (const id of lapsed) {
      const item = ctx.items.find((i) => i.id === id)!;
      const owner = referral.persons.find((p) => p.ref === item.responsibleRef && p.itemIds.includes(id));
      if (!owner || owner.responsibility === undefined) return `the 倒查 missed the person of item ${id}`;
    }
    return null;
  },
};

export const planNamesResponsible: WorkflowRule<Ctx> = {
  id: 'planNamesResponsible',
  source: FIX_1,
  text: {
    zh: '整改方案须明确监督责任人和每项整改的责任人（以身份标识），倒查才能及于其人',
    en: "The plan names, by identity, the supervisory responsible person and each item's responsible person, so that a 倒查 can reach them",
  },
  guards: ['planNamesEveryone'],
  check: (path) => {
    const step = last(path);
    if (!step.matches('planSubmitted')) return null;
    if (!step.context.supervisor) return 'a plan was submitted naming no supervisory responsible person';
    const unnamed = step.context.items.find((i) => !i.responsibleRef);
    return unnamed ? `a plan was submitted naming nobody for item ${unnamed.id}` : null;
  },
};

export const verifiedBeforeClosing: WorkflowRule<Ctx> = {
  id: 'verifiedBeforeClosing',
  source: PROCEDURE,
  text: {
    zh: '整改须逐项完成并经核查通过方可销号',
    en: 'A rectification closes only when every item is done and the completion is verified',
  },
  guards: ['lastItem', 'verifyAccepted', 'passed'],
  check: (path) => {
    const step = last(path);
    if (step.context.outcome !== 'rectified') return null;
    if (openItems(step.context).length) return 'closed with items still open';
    return step.context.verifications.at(-1)?.passed ? null : 'closed without a passed verification';
  },
};

export const RULES = [
  planWithinTimeLimit,
  lapseIssuesNotice,
  itemsFlaggedWhenDue,
  noticeAndTalkBeforeReferral,
  referralReachesResponsible,
  planNamesResponsible,
  verifiedBeforeClosing,
];

/** The rule a refusal of `event` is about (the guard that refused it enforces that rule), if any. */
export function refusalRule(ctx: Ctx, event: MachineEvent): string | undefined {
  switch (event.type) {
    case 'SUBMIT_PLAN':
      return planNamesResponsible.id;
    case 'ESCALATE':
      // Notice and talk first; once they are there, what can still be missing is a person to reach.
      return escalateRefusal(ctx) === null ? referralReachesResponsible.id : noticeAndTalkBeforeReferral.id;
    default:
      return undefined;
  }
}

// ---- The model the checker walks ----

const T0 = '2026-01-05T01:00:00.000Z';
const days = (n: number, from = T0) => new Date(Date.parse(from) + n * 86_400_000).toISOString();

const PRINCIPAL = { ref: 'p-1', name: 'Li Si', post: 'Party secretary' };
const SUPERVISOR = { ref: 's-1', name: 'Zhou Lan', post: 'Discipline head' };
const OWNERS = [
  { itemId: 1, ref: 'o-1', name: 'Wang Wu' },
  { itemId: 2, ref: 'o-2', name: 'Zhao Liu' },
];

function opening(named: boolean, autoNotice: boolean): RectificationInput {
  return {
    title: 'Canteen funds',
    subject: { ref: 'unit-1', kind: 'organisation', name: 'Township Office' },
    source: 'inspectionTour',
    unitLeader: PRINCIPAL,
    supervisor: named ? SUPERVISOR : null,
    autoNotice,
    items: [
      {
        description: 'Repay',
        responsible: 'Wang Wu',
        dueAt: days(3),
        ...(named && { responsibleRef: 'o-1' }),
      },
      // Item 2 answered for by the principal himself: one case reaches him on both counts.
      { description: 'Rules', responsible: 'Li Si', dueAt: days(6), ...(named && { responsibleRef: 'p-1' }) },
    ],
    linkedFrom: null,
    openedAt: T0,
    openedBy: 'officer',
  };
}

function user<K extends keyof Payloads>(
  type: K,
  payload: Payloads[K],
  at: string,
  actor = 'someone',
): MachineEvent {
  return { type, payload, at, actor } as MachineEvent;
}

const timeout = (delay: string, state: string, at: string): MachineEvent => ({
  type: `xstate.after.${delay}.rectification.${state}`,
  payload: {},
  at,
  actor: 'system:deadline',
});

function events(step: PathStep<Ctx>, at: string): MachineEvent[] {
  const ctx = step.context;
  const due = nextItemDue(ctx) ?? at;
  return [
    user('SUBMIT_PLAN', { plan: 'p' }, at),
    user('SUBMIT_PLAN', { plan: 'p', supervisor: SUPERVISOR, owners: OWNERS }, at),
    user('APPROVE_PLAN', {}, at),
    user('RETURN_PLAN', { reason: 'r' }, at),
    timeout('planDue', 'issued', at),
    timeout('itemDue', 'rectifying', due),
    timeout('itemDue', 'escalated.watching', due),
    user('COMPLETE_ITEM', { itemId: 1, evidenceRef: 'e' }, at),
    user('COMPLETE_ITEM', { itemId: 2, evidenceRef: 'e' }, at),
    user('VERIFY', { passed: true }, at),
    user('VERIFY', { passed: false, items: [{ itemId: 1, newDueAt: days(5, at) }] }, at),
    user('RECORD_NOTICE', { noticeRef: 'n' }, at),
    user('RECORD_TALK', { summary: 't' }, at),
    user('ESCALATE', { reason: 'r' }, at),
    user('ESCALATE', { reason: 'r', supervisor: SUPERVISOR, owners: OWNERS }, at),
  ];
}

/** What the rules read, with the notices and talks since the last 倒查 counted up to two. */
function key(step: PathStep<Ctx>): string {
  const c = step.context;
  const lastReferral = (c.referrals ?? []).at(-1);
  const since = (n: number, from = 0) => Math.min(n - from, 2);
  const items = c.items.map((i) =>
    [
      i.completedAt ? 'd' : 'o',
      i.overdueAt ? 'l' : '-',
      i.responsibleRef ?? '?',
      i.earlierDueAts.length,
    ].join(''),
  );
  return [
    step.state,
    c.autoNotice,
    c.supervisor?.ref ?? '?',
    c.planLapsedAt ? 'late' : '',
    items.join(','),
    since(c.notices.length, lastReferral?.notices),
    since(c.talks.length, lastReferral?.talks),
    [...referredItemIds(c)].join('+'),
    c.outcome ?? '',
  ].join('|');
}

export const RECTIFICATION_RULES: WorkflowRules<Ctx> = {
  list: RULES,
  model: {
    inputs: {
      'persons named at opening, notice by itself': opening(true, true),
      'persons named by the plan, notice by hand': opening(false, false),
    },
    events,
    maxDepth: 14,
    key,
  },
};
