/*
 * The rules of the inquiry procedure (谈话函询, version 2) as named properties over its machine's paths,
 * and the model the rule checker walks (npm run rules). Sources: the 2019 Rules on supervision and
 * discipline enforcement (中国共产党纪律检查机关监督执纪工作规则) Art 28–30 and the CPC Accountability
 * Regulations (2019) Art 8.
 */
import { receivedLate } from '../machines/inquiry.machine';
import {
  CONCLUSIONS,
  type Conclusion,
  type InquiryContext,
  type InquiryInput,
  type Payloads,
} from '../machines/inquiry.types';
import type {
  MachineEvent,
  PathStep,
  RuleModel,
  WorkflowRule,
  WorkflowRules,
} from '../src/engine/workflow.types';
import { lastStep as last, previousStep as before } from './rule-paths';

type Ctx = InquiryContext;
type Step = PathStep<Ctx>;
type Rule = WorkflowRule<Ctx>;

const RULES_2019 = {
  zh: '《中国共产党纪律检查机关监督执纪工作规则》（2019）',
  en: 'Rules on Supervision and Discipline Enforcement (2019)',
};
const art = (zh: string, en: string) => ({ zh: `${RULES_2019.zh}${zh}`, en: `${RULES_2019.en} ${en}` });

export const REPLY_TIMEOUT = 'xstate.after.reply.inquiry.awaitingReply';
export const REPORT_TIMEOUT = 'xstate.after.report.inquiry.awaitingConclusion';

const ms = (iso: string) => Date.parse(iso);

export const approvedByLeader: Rule = {
  id: 'inquiryApprovedByLeader',
  source: art('第二十八条', 'Art 28'),
  text: {
    zh: '谈话函询须经主要负责人批准后方可谈话或发函',
    en: 'no talk is held and no letter sent before the leader approved the inquiry',
  },
  check: (path) => {
    const { context: c } = last(path);
    if ((c.talk || c.letter) && !c.approval) return 'a talk or letter is recorded without the approval';
    if (c.outcome && c.outcome !== 'declined' && !c.approval)
      return `concluded ${c.outcome} without the approval`;
    return null;
  },
};

export const replyLimitFromReceipt: Rule = {
  id: 'replyLimitFromReceipt',
  source: art('第二十九条', 'Art 29'),
  text: {
    zh: '被函询人应当在收到函件后15个工作日内书面回复：回复期限自收到函件之日起算，回复不早于收到函件',
    en: 'the 15-working-day reply limit runs from the subject’s receipt of the letter; no reply is received before the letter',
  },
  guards: ['dateValid'],
  check: (path) => {
    const { event, context: c } = last(path);
    const receipt = c.letter?.receipt ?? null;
    if (event?.type === REPLY_TIMEOUT && !receipt)
      return 'the reply limit passed for a letter not yet received';
    if (c.letter && receipt && ms(receipt.receivedAt) < ms(c.letter.sentAt)) {
      return `the letter was received (${receipt.receivedAt}) before it was sent (${c.letter.sentAt})`;
    }
    if (c.reply && !receipt) return 'a reply is recorded to a letter the subject has not received';
    if (c.reply && receipt && ms(c.reply.receivedAt) < ms(receipt.receivedAt)) {
      return `the reply was received (${c.reply.receivedAt}) before the letter (${receipt.receivedAt})`;
    }
    return null;
  },
};

export const lateByReceivedDate: Rule = {
  id: 'replyLateByReceivedDate',
  source: art('第二十九条', 'Art 29'),
  text: {
    zh: '回复是否逾期，以收到回复的日期判断，而非登记的时间',
    en: 'a reply is late when it was received after its limit, whenever it is recorded',
  },
  check: (path) => {
    const { reply, replyOverdueSince } = last(path).context;
    if (!reply) return null;
    const late = receivedLate(reply.receivedAt, replyOverdueSince);
    return reply.late === late
      ? null
      : `a reply received ${reply.receivedAt} with the limit passed ${replyOverdueSince ?? 'never'} is marked ${reply.late ? 'late' : 'on time'}`;
  },
};

export const replyEndorsed: Rule = {
  id: 'replyEndorsedByPartyLeader',
  source: art('第二十九条', 'Art 29'),
  text: {
    zh: '函询回复须由被函询人所在党委（党组）主要负责人签署意见（姓名、职务、意见）',
    en: 'a written reply carries the signed opinion (name, post, opinion) of the principal leader of the subject’s Party committee',
  },
  guards: ['replyEndorsed'],
  check: (path) => {
    const { reply } = last(path).context;
    if (!reply) return null;
    const e = reply.endorsement;
    const blank = !e || [e.name, e.post, e.opinion].some((v) => !String(v ?? '').trim());
    return blank
      ? 'a reply is recorded without the signed opinion of the Party committee’s principal leader'
      : null;
  },
};

export const reportOnTalkOrReply: Rule = {
  id: 'reportOnTalkOrReply',
  source: art('第三十条', 'Art 30'),
  text: {
    zh: '谈话结束或者收到函询回复后方可写出情况报告并作出处置',
    en: 'an inquiry is concluded on a report of the talk held or the reply received, never before',
  },
  check: (path) => {
    const c = last(path).context;
    if (!c.conclusion) return null;
    return c.talk || c.reply ? null : `concluded ${c.conclusion.conclusion} with neither a talk nor a reply`;
  },
};

export const reportWithinAMonth: Rule = {
  id: 'reportWithinAMonth',
  source: art('第三十条', 'Art 30'),
  text: {
    zh: '谈话结束或者收到函询回复后1个月内写出情况报告；逾期予以标记并留痕',
    en: 'the report is due a month after the talk or the reply’s receipt; when the limit passes the case is flagged, and the conclusion records it',
  },
  check: (path) => {
    const { event, context: c } = last(path);
    if (event?.type === REPORT_TIMEOUT && c.reportOverdueSince !== event.at) {
      return 'the report limit passed and the case is not flagged';
    }
    if (c.conclusion && c.conclusion.late !== (c.reportOverdueSince !== null)) {
      return `the conclusion says late: ${c.conclusion.late}, the report limit passed: ${c.reportOverdueSince ?? 'never'}`;
    }
    return null;
  },
};

export const secondLetterOnDenial: Rule = {
  id: 'secondLetterOnDenial',
  source: art('第三十条第三项', 'Art 30(3)'),
  text: {
    zh: '反映问题比较具体但被反映人予以否认的，再次函询；新的函件另计回复期限',
    en: 'a second letter is sent only when the reply denies a concrete allegation, and it has a reply limit of its own',
  },
  guards: ['secondLetterAllowed'],
  check: (path) => {
    const { event, context: c } = last(path);
    if (event?.type !== 'ASK_AGAIN') return null;
    if (before(path)?.context.reply?.deniesAllegation !== true) {
      return 'a second letter without a reply that denies a concrete allegation';
    }
    return c.letter === null && c.replyOverdueSince === null
      ? null
      : 'the second letter inherits the first one’s reply limit';
  },
};

export const problemGoesToVerification: Rule = {
  id: 'problemGoesToVerification',
  source: art('第三十条第四项', 'Art 30(4)'),
  text: {
    zh: '需要进一步核实的，转为初步核实；谈话函询不直接转问责',
    en: 'a problem that needs checking goes to preliminary verification; an inquiry never escalates straight to accountability',
  },
  guards: ['conclusionFits'],
  check: (path) => {
    const { outcome } = last(path).context;
    if (outcome === null || outcome === 'declined') return null;
    return (CONCLUSIONS as readonly string[]).includes(outcome) ? null : `concluded ${outcome}`;
  },
};

export const formalWarningOnIndividual: Rule = {
  id: 'formalWarningOnIndividual',
  source: { zh: '《中国共产党问责条例》（2019）第八条', en: 'CPC Accountability Regulations (2019) Art 8' },
  text: {
    zh: '诫勉是对领导干部个人的问责方式，不适用于党组织',
    en: 'a formal warning (诫勉) is a measure on a person, never on an organisation',
  },
  guards: ['conclusionFits'],
  check: (path) => {
    const { outcome, subject } = last(path).context;
    return outcome === 'formalWarning' && subject.kind !== 'individual'
      ? `a formal warning on an ${subject.kind}`
      : null;
  },
};

export const INQUIRY_RULE_LIST: readonly Rule[] = [
  approvedByLeader,
  replyLimitFromReceipt,
  lateByReceivedDate,
  replyEndorsed,
  reportOnTalkOrReply,
  reportWithinAMonth,
  secondLetterOnDenial,
  problemGoesToVerification,
  formalWarningOnIndividual,
];

/** The rule a refusing guard enforces (conclusionFits: by the conclusion refused). */
export function ruleOfGuard(guard: string, context: Ctx, event: MachineEvent): string | undefined {
  if (guard === 'conclusionFits') {
    const conclusion = (event.payload as { conclusion?: unknown }).conclusion;
    return (CONCLUSIONS as readonly unknown[]).includes(conclusion)
      ? formalWarningOnIndividual.id
      : problemGoesToVerification.id;
  }
  // The date guard also checks the talk's and the letter's dates, which no article of these rules names.
  if (guard === 'dateValid' && !['RECORD_LETTER_RECEIVED', 'RECORD_REPLY'].includes(event.type))
    return undefined;
  void context;
  return INQUIRY_RULE_LIST.find((r) => r.guards?.includes(guard))?.id;
}

// ---- the model the checker walks ----

const SUBJECT = { ref: 'p-1', name: 'Li Si', organisation: 'County Transport Bureau', post: 'Bureau chief' };
const input = (kind: 'individual' | 'organisation'): InquiryInput => ({
  title: 'Tenders steered to a relative',
  subject: { ...SUBJECT, kind },
  clue: 'Two tenders went to the chief’s brother-in-law',
  source: 'report',
  openedAt: '2026-01-05T01:00:00.000Z',
  openedBy: 'olivia',
});

const ENDORSED = { name: 'Zhang San', post: 'Party secretary', opinion: 'The reply is complete' };
const DAY = 86_400_000;
const earlier = (iso: string, days: number) => new Date(ms(iso) - days * DAY).toISOString();

/** Replies to try: denying or not, received now or as early as allowed, and ones the guards must refuse. */
function replies(c: Ctx, at: string): Payloads['RECORD_REPLY'][] {
  const receipt = c.letter?.receipt?.receivedAt ?? at;
  const reply = (receivedAt: string, deniesAllegation: boolean, endorsement = ENDORSED) => ({
    receivedAt,
    summary: 'He denies steering the tenders',
    deniesAllegation,
    endorsement,
  });
  return [
    reply(at, true),
    reply(at, false),
    reply(receipt, false),
    reply(earlier(receipt, 1), true),
    reply(at, true, { ...ENDORSED, opinion: ' ' }),
  ];
}

function eventsAfter(step: Step, at: string): MachineEvent[] {
  const c = step.context;
  const user = (type: keyof Payloads, payload: object, actor = 'olivia'): MachineEvent => ({
    type,
    payload: payload as Record<string, unknown>,
    at,
    actor,
  });
  const timeout = (type: string): MachineEvent => ({ type, payload: {}, at, actor: 'system:deadline' });
  const conclusions: (Conclusion | 'escalated')[] = [...CONCLUSIONS, 'escalated'];
  return [
    user('APPROVE', { method: 'talk' }, 'leo'),
    user('APPROVE', { method: 'letter' }, 'leo'),
    user('DECLINE', { reason: 'nothing to check' }, 'leo'),
    user('RECORD_TALK', { heldAt: at, record: 'He explained the tenders' }),
    user('SEND_LETTER', { sentAt: at, letterRef: 'HX-1' }),
    user('RECORD_LETTER_RECEIVED', { receivedAt: at }),
    ...(c.letter ? [user('RECORD_LETTER_RECEIVED', { receivedAt: earlier(c.letter.sentAt, 1) })] : []),
    ...replies(c, at).map((p) => user('RECORD_REPLY', p)),
    user('ASK_AGAIN', { reason: 'the tender file says otherwise' }, 'leo'),
    ...conclusions.map((conclusion) => user('CONCLUDE', { conclusion, reason: 'as reported' }, 'leo')),
    timeout(REPLY_TIMEOUT),
    timeout(REPORT_TIMEOUT),
  ];
}

const model: RuleModel<Ctx> = {
  inputs: { individual: input('individual'), organisation: input('organisation') },
  events: eventsAfter,
  // Three letter rounds: the loop of second letters is bounded here.
  maxDepth: 15,
  // Earlier rounds are read by no rule but through the step that closes them: counted, not compared.
  key: (step) =>
    `${step.state}|${JSON.stringify({ ...step.context, rounds: (step.context.rounds ?? []).length })}`.replace(
      /"\d{4}-\d\d-\d\dT[^"]*"/g,
      '"T"',
    ),
};

export const INQUIRY_RULES: WorkflowRules<Ctx> = { list: INQUIRY_RULE_LIST, model };
