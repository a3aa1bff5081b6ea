/* Version 2 of the responsibility list, frozen when version 3 (key tasks checked against their standard) replaced it. */
/*
 * The rules of the responsibility list (责任清单), version 2, as named properties over the machine's
 * paths (npm run rules), with the model the checker walks.
 */
import { nextDue, overdueTasks, unreferredOverdue } from '../../machines/v2/responsibility-list.machine';
import type {
  ListReferral,
  Payloads,
  ResponsibilityListContext,
  ResponsibilityListInput,
  Side,
  Signature,
  TaskDraft,
} from '../../machines/v2/responsibility-list.types';
import type {
  Label,
  MachineEvent,
  PathStep,
  WorkflowRule,
  WorkflowRules,
} from '../../src/engine/workflow.types';
import { lastStep as last, previousStep as before } from '../rule-paths';

type Ctx = ResponsibilityListContext;

const FIX_7: Label = {
  zh: '种子材料：责任清单由清单载明的责任人本人签署（附审阅意见），逾期任务督办、倒查，年终总结说明逾期任务（防止签字走过场）',
  en: 'Seeds: the list is signed by the persons named on it (with a review opinion), overdue tasks are noticed and escalated, the summary explains them (no signing as a formality)',
};
const BOTH_SIGN: Label = {
  zh: '责任清单须由主体责任人和监督责任人双方签字（DESIGN.md「responsibilityList」）',
  en: 'The list is signed by both the principal and the supervisory responsible persons (DESIGN.md, responsibilityList)',
};
const RESPONSIBILITY: Label = {
  zh: '《中国共产党问责条例》（2019）第六条（逾期任务倒查及于任务责任人和主体责任人）',
  en: 'CPC Accountability Regulations (2019) Art 6 (倒查 of overdue tasks reaches their persons and the principal)',
};

const signatures = (ctx: Ctx): Signature[] =>
  [ctx.signatures, ctx.summarySignatures]
    .flatMap((s) => [s.principal, s.supervisor])
    .filter((s) => s !== null);

export const signedByNamedPerson: WorkflowRule<Ctx> = {
  id: 'signedByNamedPerson',
  source: FIX_7,
  text: {
    zh: '清单及年终总结的每一方只能由清单载明的该方责任人本人（其账号）签署',
    en: "Each side of the list and of its summary is signed only by the person the list names for it (their account's sub)",
  },
  guards: ['canSign', 'canSignSummary'],
  check: (path) => {
    const ctx = last(path).context;
    const wrong = signatures(ctx).find((s) => s.actor !== ctx[s.as].ref);
    return wrong ? `${wrong.actor} signed the ${wrong.as} side, named for ${ctx[wrong.as].ref}` : null;
  },
};

export const reviewOpinion: WorkflowRule<Ctx> = {
  id: 'reviewOpinion',
  source: FIX_7,
  text: { zh: '每一签署均附审阅意见', en: 'Every signature carries a review opinion (审阅意见)' },
  guards: ['canSign', 'canSignSummary'],
  check: (path) => {
    const bare = signatures(last(path).context).find((s) => !s.opinion?.trim());
    return bare ? `the ${bare.as} side signed without a review opinion` : null;
  },
};

export const bothSidesSign: WorkflowRule<Ctx> = {
  id: 'bothSidesSign',
  source: BOTH_SIGN,
  text: {
    zh: '双方（两人）签字后方可发布；年终总结双方签字后方可归档',
    en: 'Published only once both sides (two persons) signed; archived only once both signed the summary',
  },
  guards: ['canSign', 'canSignSummary'],
  check: (path) => {
    const step = last(path);
    const two = (s: Record<Side, Signature | null>) =>
      s.principal !== null && s.supervisor !== null && s.principal.actor !== s.supervisor.actor;
    const ctx = step.context;
    if (ctx.publishedAt !== null && !two(ctx.signatures)) return 'published without both signatures';
    if (ctx.archivedAt !== null && !two(ctx.summarySignatures))
      return 'archived without both summary signatures';
    return null;
  },
};

export const tasksCarryStandards: WorkflowRule<Ctx> = {
  id: 'tasksCarryStandards',
  source: FIX_7,
  text: {
    zh: '发布的清单，每项任务载明责任人、工作标准、保障措施和监督主体',
    en: 'Every task of a published list names its responsible person, work standard, safeguards and supervising body',
  },
  guards: ['tasksComplete'],
  check: (path) => {
    const ctx = last(path).context;
    if (ctx.publishedAt === null) return null;
    const bare = ctx.tasks.find((t) => !t.responsible || !t.standard || !t.safeguards || !t.supervisedBy);
    return bare
      ? `published with task ${bare.id} lacking its standard, safeguards, supervising body or person`
      : null;
  },
};

export const taskLapseIssuesNotice: WorkflowRule<Ctx> = {
  id: 'taskLapseIssuesNotice',
  source: FIX_7,
  text: {
    zh: '任务逾期即自动发出督办通知（按部署配置）',
    en: "A task's lapse issues the 督办 notice by itself (where the deployment says so)",
  },
  check: (path) => {
    const step = last(path);
    const prev = before(path);
    if (!prev || !step.event?.type.startsWith('xstate.after.taskDue.') || step.context.autoNotice !== true) {
      return null;
    }
    const flagged = overdueTasks(step.context).length > overdueTasks(prev.context).length;
    const notices = (ctx: Ctx) => (ctx.notices ?? []).length;
    return !flagged || notices(step.context) > notices(prev.context)
      ? null
      : 'a task lapsed and no notice was issued';
  },
};

export const taskReferralReachesResponsible: WorkflowRule<Ctx> = {
  id: 'taskReferralReachesResponsible',
  source: RESPONSIBILITY,
  text: {
    zh: '逾期任务经督办后倒查：及于每项逾期任务的责任人（直接责任）和主体责任人（主要领导责任）',
    en: 'After a notice, a 倒查 of overdue tasks reaches each task person (direct) and the principal (main leadership)',
  },
  guards: ['canEscalate'],
  check: (path) => {
    const prev = before(path);
    const ctx = last(path).context;
    const made = ctx.referrals ?? [];
    if (!prev || made.length === (prev.context.referrals ?? []).length) return null;
    const referral: ListReferral = made[made.length - 1];
    const since = made.length > 1 ? made[made.length - 2].notices : 0;
    if (referral.notices <= since) return 'a 倒查 without a notice since the last one';
    const principal = referral.persons.find((p) => p.ref === ctx.principal.ref);
    if (principal?.responsibility !== 'mainLeadership') return 'the 倒查 missed the principal';
    const lapsed = unreferredOverdue(prev.context).map((t) => t.id);
    if (!lapsed.length) return 'a 倒查 with no overdue task';
    for (const id of lapsed) {
      const task = ctx.tasks.find((t) => t.id === id)!;
      const reached = referral.persons.find((p) => p.ref === task.responsible?.ref && p.taskIds.includes(id));
      if (!reached) return `the 倒查 missed the person of task ${id}`;
    }
    return null;
  },
};

export const summaryExplainsOverdue: WorkflowRule<Ctx> = {
  id: 'summaryExplainsOverdue',
  source: FIX_7,
  text: {
    zh: '有逾期任务的，年终总结须逐项说明，否则不得签署',
    en: 'While tasks are overdue, the year-end summary explains each one, or it cannot be signed',
  },
  guards: ['summaryExplained'],
  check: (path) => {
    const ctx = last(path).context;
    if (!ctx.yearEndSummary) return null;
    const explained = new Set((ctx.yearEndSummary.explanations ?? []).map((e) => e.taskId));
    const missing = overdueTasks(ctx).find((t) => !explained.has(t.id));
    return missing ? `a summary leaves overdue task ${missing.id} unexplained` : null;
  },
};

export const RULES = [
  signedByNamedPerson,
  reviewOpinion,
  bothSidesSign,
  tasksCarryStandards,
  taskLapseIssuesNotice,
  taskReferralReachesResponsible,
  summaryExplainsOverdue,
];

/** The rule a refusal of `event` is about, if any. */
export function listRefusalRule(ctx: Ctx, event: MachineEvent): string | undefined {
  switch (event.type) {
    case 'SIGN':
    case 'SIGN_SUMMARY': {
      const { as, opinion } = event.payload as Payloads['SIGN'];
      const signs = event.type === 'SIGN' ? ctx.signatures : ctx.summarySignatures;
      if (signs[as]) return bothSidesSign.id;
      if (event.actor !== ctx[as].ref) return signedByNamedPerson.id;
      return opinion?.trim() ? bothSidesSign.id : reviewOpinion.id;
    }
    case 'PUBLISH':
      return tasksCarryStandards.id;
    case 'ESCALATE':
      return taskReferralReachesResponsible.id;
    case 'YEAR_END_SUMMARY':
      return ctx.midYearReview ? summaryExplainsOverdue.id : undefined;
    default:
      return undefined;
  }
}

// ---- The model the checker walks ----

const T0 = '2026-01-05T01:00:00.000Z';
const days = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();
const PRINCIPAL = { ref: 'sun.wei', name: 'Sun Wei' };
const SUPERVISOR = { ref: 'zhou.lan', name: 'Zhou Lan' };

function task(title: string, dueAt: string, ref: string): TaskDraft {
  return {
    title,
    owner: title,
    dueAt,
    responsible: { ref, name: title },
    standard: 's',
    safeguards: 'g',
    supervisedBy: 'b',
  };
}

function opening(autoNotice: boolean): ResponsibilityListInput {
  return {
    title: 'List',
    subject: { ref: 'org', kind: 'organisation', name: 'Bureau' },
    year: 2026,
    principal: PRINCIPAL,
    supervisor: SUPERVISOR,
    // Task 2 is the principal's own: one case reaches him on both counts.
    tasks: [task('Study', days(4), 'liu.office'), task('Talks', days(8), 'sun.wei')],
    autoNotice,
    openedAt: T0,
    openedBy: 'officer',
  };
}

function user<K extends keyof Payloads>(
  type: K,
  payload: Payloads[K],
  at: string,
  actor = 'wang.fang',
): MachineEvent {
  return { type, payload, at, actor } as MachineEvent;
}

function events(step: PathStep<Ctx>, at: string): MachineEvent[] {
  const due = nextDue(step.context) ?? at;
  const explanations = step.context.tasks.map((t) => ({ taskId: t.id, explanation: 'why' }));
  const signs = (type: 'SIGN' | 'SIGN_SUMMARY') =>
    (['principal', 'supervisor'] as const).flatMap((as) => [
      user(type, { as, opinion: 'agreed' }, at, PRINCIPAL.ref),
      user(type, { as, opinion: 'agreed' }, at, SUPERVISOR.ref),
      user(type, { as, opinion: ' ' }, at, step.context[as].ref),
    ]);
  return [
    user('REVISE_TASKS', { tasks: [{ title: 'Bare', owner: 'x', dueAt: days(5) }] }, at),
    ...signs('SIGN'),
    user('PUBLISH', {}, at),
    ...['inProgress.onTrack.tracking', 'inProgress.behind.tracking'].map((state) => ({
      type: `xstate.after.taskDue.responsibilityList.${state}`,
      payload: {},
      at: due,
      actor: 'system:deadline',
    })),
    user('COMPLETE_TASK', { taskId: 't1', evidenceRef: 'e' }, at),
    user('COMPLETE_TASK', { taskId: 't2', evidenceRef: 'e' }, at),
    user('RECORD_NOTICE', { noticeRef: 'n' }, at),
    user('ESCALATE', { reason: 'r' }, at, 'li.qiang'),
    user('MID_YEAR_REVIEW', { summary: 'm' }, at),
    user('YEAR_END_SUMMARY', { summary: 'y' }, at),
    user('YEAR_END_SUMMARY', { summary: 'y', explanations }, at),
    ...signs('SIGN_SUMMARY'),
    user('ARCHIVE', {}, at),
  ];
}

/** What the rules read, with the notices since the last 倒查 counted up to two. */
function key(step: PathStep<Ctx>): string {
  const c = step.context;
  const referrals = c.referrals ?? [];
  const notices = Math.min((c.notices ?? []).length - (referrals.at(-1)?.notices ?? 0), 2);
  const tasks = c.tasks.map((t) => [
    t.id,
    t.completedAt ? 'd' : 'o',
    t.overdueAt ? 'l' : '-',
    t.standard ? 's' : '?',
  ]);
  const sig = (s: Signature | null) => (s ? `${s.actor}:${s.opinion ? 1 : 0}` : '');
  return [
    step.state,
    c.autoNotice,
    JSON.stringify(tasks),
    [
      c.signatures.principal,
      c.signatures.supervisor,
      c.summarySignatures.principal,
      c.summarySignatures.supervisor,
    ]
      .map(sig)
      .join(','),
    c.midYearReview ? 'm' : '',
    JSON.stringify(c.yearEndSummary?.explanations?.map((e) => e.taskId) ?? null),
    notices,
    referrals.flatMap((r) => r.taskIds).join('+'),
    c.publishedAt ? 'p' : '',
  ].join('|');
}

export const LIST_RULES: WorkflowRules<Ctx> = {
  list: RULES,
  model: {
    inputs: {
      'notice by itself': opening(true),
      'notice by hand': opening(false),
    },
    events,
    maxDepth: 16,
    key,
  },
};
