/*
 * Every refusal of the accountability procedure's guards carries the reader's words in zh and en with
 * their values (issue 22, defect 3): times as ISO parameters, shown by the workbench in Beijing time.
 */
import {
  day,
  ev,
  INPUT,
  ORGANISATION_DECIDE,
  PATH,
  SAMPLE,
  send,
  start,
  at as atState,
  notified,
  WITH_RECTIFICATION,
  type Snap,
} from '../machines/accountability.fixtures';
import type { AccountabilityEvent, AlsoInvestigate } from '../machines/accountability.types';
import { accountabilityWorkflow as wf } from './accountability.workflow';
import { beijing, expectRefusedInChinese, uncoveredEvents } from './reader-words.fixtures';

const ORGANISATION = { ...INPUT, subject: { ...INPUT.subject, kind: 'organisation' as const } };
const person = (responsibility: string): AlsoInvestigate =>
  ({
    subject: { ref: 'p-lead-9', kind: 'individual', name: 'Wang Wu', post: 'Deputy director' },
    responsibility,
  }) as AlsoInvestigate;

/** An organisation's case at the decision (its opinion proposes an inspection). */
const organisationAtDecision = () =>
  send(
    start(ORGANISATION),
    ...PATH.preliminaryOpinion,
    ev('PROPOSE_OPINION', { ...SAMPLE.PROPOSE_OPINION, measures: [{ type: 'inspection' }] }),
  );
/** A person found directly responsible, at the decision. */
const directAtDecision = () =>
  send(
    start(),
    ev('ACCEPT'),
    ev('APPROVE_INVESTIGATION'),
    ev('RECORD_STATEMENT'),
    ev('SUBMIT_REPORT', { ...SAMPLE.SUBMIT_REPORT, responsibility: 'direct' }),
    ev('PROPOSE_OPINION'),
  );
const merged = () => send(start(), ev('MERGE'));
const underAppeal = () =>
  send(notified(), ev('DELIVER', SAMPLE.DELIVER, day(41)), ev('FILE_APPEAL', SAMPLE.FILE_APPEAL, day(42)));

/** [what, the case, the refused event, what the Chinese reason says] */
const REFUSED: [string, () => Snap, AccountabilityEvent, RegExp][] = [
  [
    'a merger naming someone without a responsibility',
    start,
    ev('MERGE', { ...SAMPLE.MERGE, alsoInvestigate: [person('bystander')] }),
    /^一并调查的每个人都须写明其责任类型$/,
  ],
  [
    'a disciplinary outcome dated in the future, with a measure for organisations',
    merged,
    ev(
      'RECORD_DISCIPLINARY_OUTCOME',
      { ...SAMPLE.RECORD_DISCIPLINARY_OUTCOME, decidedAt: day(5), measures: [{ type: 'reorganisation' }] },
      day(2),
    ),
    new RegExp(
      `^问责方式“改组”不适用于个人（或其具体形式缺失、不符）；纪律处分决定日期（${beijing(day(5))}）晚于现在（${beijing(day(2))}），不能登记将来的时间$`,
    ),
  ],
  [
    'an opinion proposing an inspection of a person',
    () => atState('preliminaryOpinion'),
    ev('PROPOSE_OPINION', { ...SAMPLE.PROPOSE_OPINION, measures: [{ type: 'inspection' }] }),
    /^问责方式“检查”不适用于个人/,
  ],
  [
    'a decision with party discipline but no detail',
    () => atState('decision'),
    ev('DECIDE', { ...SAMPLE.DECIDE, measures: [{ type: 'partyDiscipline' }] }, day(30)),
    /^问责方式“党纪处分”不适用于个人（或其具体形式缺失、不符）$/,
  ],
  [
    'a decision whose rectification falls due before it',
    () => atState('decision'),
    ev(
      'DECIDE',
      { ...WITH_RECTIFICATION, rectification: { ...WITH_RECTIFICATION.rectification!, dueAt: day(20) } },
      day(30),
    ),
    new RegExp(`^整改期限（${beijing(day(20))}）须晚于作出问责决定的时间（${beijing(day(30))}）$`),
  ],
  [
    'a decision about an organisation naming no one of its leadership',
    organisationAtDecision,
    ev('DECIDE', { ...ORGANISATION_DECIDE, alsoInvestigate: [] }, day(30)),
    /^对组织的问责决定须写明其领导班子中负有责任的成员/,
  ],
  [
    'a decision about an organisation naming someone directly responsible',
    organisationAtDecision,
    ev('DECIDE', { ...ORGANISATION_DECIDE, alsoInvestigate: [person('direct')] }, day(30)),
    /^所列的每名成员须为负有主要领导责任或重要领导责任的个人$/,
  ],
  [
    'a decision about an organisation without its main leadership',
    organisationAtDecision,
    ev('DECIDE', { ...ORGANISATION_DECIDE, alsoInvestigate: [person('importantLeadership')] }, day(30)),
    /^须写明负有主要领导责任的主要负责人或分管负责人$/,
  ],
  [
    'a serious matter that pursues no leader',
    directAtDecision,
    ev('DECIDE', { ...SAMPLE.DECIDE, serious: true }, day(30)),
    /^问题严重或长期存在的，须一并追究负有主要领导责任的领导人员（一案双查）/,
  ],
  [
    'a transfer naming someone without a responsibility',
    () => atState('decision'),
    ev('TRANSFER', { ...SAMPLE.TRANSFER, alsoInvestigate: [person('bystander')] }, day(30)),
    /^一并调查的每个人都须写明其责任类型$/,
  ],
  [
    'a delivery before the decision',
    () => notified(),
    ev('DELIVER', { ...SAMPLE.DELIVER, deliveredAt: day(29) }, day(41)),
    new RegExp(`^送达日期（${beijing(day(29))}）早于作出问责决定的时间（${beijing(day(30))}）$`),
  ],
  [
    'a delivery in the future',
    () => notified(),
    ev('DELIVER', { ...SAMPLE.DELIVER, deliveredAt: day(45) }, day(41)),
    /^送达日期（.+）晚于现在（.+），不能登记将来的时间$/,
  ],
  [
    'an appeal amending the measures to one for organisations',
    underAppeal,
    ev('RESOLVE_APPEAL', { outcome: 'amended', measures: [{ type: 'inspection' }] }, day(50)),
    /^问责方式“检查”不适用于个人/,
  ],
];

describe('the accountability procedure’s refusals, in the reader’s words', () => {
  it.each(REFUSED)('%s: refused, with a reason in Chinese', (_what, at, event, zh) => {
    expectRefusedInChinese(wf.explainRefusal, at(), event, zh);
  });

  it('covers every event the machine guards on its payload', () => {
    // SEND_ON's guard chooses where the case goes and refuses nothing; SUBMIT_REPORT waits for the
    // hearing (a guard on the case: "not yet", in words from its code) and its situation is the
    // schema's; LINKED_CASE_CLOSED comes from the service, never from a user.
    expect(uncoveredEvents(wf.machine, REFUSED)).toEqual(['LINKED_CASE_CLOSED', 'SEND_ON', 'SUBMIT_REPORT']);
  });
});
