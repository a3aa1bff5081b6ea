/*
 * Every refusal of the preliminary verification's guards carries the reader's words in zh and en with
 * their values (issue 22, defect 3): times as ISO parameters, shown by the workbench in Beijing time.
 */
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { VerificationEvent } from '../machines/preliminary-verification.types';
import { preliminaryVerificationWorkflow as wf } from './preliminary-verification.workflow';
import { beijing, expectRefusedInChinese, uncoveredEvents } from './reader-words.fixtures';

const T0 = '2026-03-02T01:00:00.000Z';
const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();
const ev = (type: string, payload: object, at: number): VerificationEvent =>
  ({ type, payload, at: day(at), actor: 'leo' }) as VerificationEvent;
const opened = () =>
  initialTransition(wf.machine, {
    title: 'Tenders steered to a relative',
    subject: { ref: 'p-1', kind: 'individual', name: 'Li Si' },
    clue: 'Two tenders went to the chief’s brother-in-law',
    source: 'inquiry',
    openedAt: T0,
  })[0];
const run = (...events: VerificationEvent[]): AnyMachineSnapshot =>
  events.reduce((s, e) => transition(wf.machine, s, e)[0], opened());
const START = ev(
  'APPROVE_START',
  { plan: 'Check the tender file', team: [{ name: 'Wang' }, { name: 'Zhao' }] },
  1,
);
const EVIDENCE = ev('RECORD_EVIDENCE', { description: 'the tender file', obtainedAt: day(2) }, 3);
const reported = (problemFound: boolean) => () =>
  run(START, EVIDENCE, ev('SUBMIT_REPORT', { findings: 'f', problemFound, proposal: 'p' }, 4));

/** [what, the case, the refused event, what the Chinese reason says] */
const REFUSED: [string, () => AnyMachineSnapshot, VerificationEvent, RegExp][] = [
  [
    'a team of one (named twice)',
    opened,
    ev('APPROVE_START', { plan: 'p', team: [{ name: 'Wang' }, { name: 'Wang ' }] }, 1),
    /^核查组至少由2名不同人员组成，现只列了1名$/,
  ],
  [
    'evidence obtained before the start was approved',
    () => run(START),
    ev('RECORD_EVIDENCE', { description: 'a bank statement', obtainedAt: day(0.5) }, 3),
    new RegExp(`^证据取得时间（${beijing(day(0.5))}）早于批准开展初步核实的时间（${beijing(day(1))}）$`),
  ],
  [
    'evidence obtained in the future',
    () => run(START),
    ev('RECORD_EVIDENCE', { description: 'a bank statement', obtainedAt: day(5) }, 3),
    /^证据取得时间（.+）晚于现在（.+），不能登记将来的时间$/,
  ],
  [
    'a report with no evidence',
    () => run(START),
    ev('SUBMIT_REPORT', { findings: 'f', problemFound: true, proposal: 'p' }, 4),
    /^请先登记收集到的证据，再提交初步核实情况报告$/,
  ],
  [
    'a referral to case review of a report that found nothing, without its reference',
    reported(false),
    ev('REFER_FOR_CASE_REVIEW', { reason: 'r', reference: ' ' }, 5),
    /^“拟立案审查”须以发现了问题的初步核实情况报告为依据，而本报告未发现问题；移送立案审查须登记所立案件的编号$/,
  ],
  [
    'closing as no problem a report that found one',
    reported(true),
    ev('CLOSE_NO_PROBLEM', { reason: 'r' }, 5),
    /^只有初步核实情况报告未发现问题时才能予以了结，而本报告发现了问题$/,
  ],
  [
    'a referral to accountability without a responsibility',
    reported(true),
    ev('REFER_TO_ACCOUNTABILITY', { reason: 'r', responsibility: 'someone' }, 5),
    /^移送问责须写明责任类型：全面领导责任、主要领导责任、重要领导责任、直接责任之一$/,
  ],
];

describe('the preliminary verification’s refusals, in the reader’s words', () => {
  it.each(REFUSED)('%s: refused, with a reason in Chinese', (_what, at, event, zh) => {
    expectRefusedInChinese(wf.explainRefusal, at(), event, zh);
  });

  it('covers every event the machine guards', () => {
    expect(uncoveredEvents(wf.machine, REFUSED)).toEqual([]);
  });
});
