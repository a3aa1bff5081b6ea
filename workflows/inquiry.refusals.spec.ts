/*
 * Every refusal of the inquiry's guards carries the reader's words in zh and en with their values
 * (issue 22, defect 3): times as ISO parameters, shown by the workbench in Beijing time.
 */
import {
  day,
  ENDORSEMENT,
  ev,
  INPUT,
  letterReceived,
  letterSent,
  replied,
  SAMPLE,
  send,
  start,
  talked,
  type Snap,
} from '../machines/inquiry.fixtures';
import type { InquiryEvent } from '../machines/inquiry.types';
import { inquiryWorkflow as wf } from './inquiry.workflow';
import { beijing, expectRefusedInChinese, uncoveredEvents } from './reader-words.fixtures';

const talkApproved = () => send(start(), ev('APPROVE', { method: 'talk' }, day(1)));
const letterApproved = () => send(start(), ev('APPROVE', { method: 'letter' }, day(1)));
const organisation = { ...INPUT, subject: { ...INPUT.subject, kind: 'organisation' as const } };

/** [what, the case, the refused event, what the Chinese reason says] */
const REFUSED: [string, () => Snap, InquiryEvent, RegExp][] = [
  [
    'a talk before the case was opened',
    talkApproved,
    ev('RECORD_TALK', { ...SAMPLE.RECORD_TALK, heldAt: day(-2) }, day(4)),
    new RegExp(`^谈话时间（${beijing(day(-2))}）早于立案的时间（${beijing(day(0))}）$`),
  ],
  [
    'a talk in the future',
    talkApproved,
    ev('RECORD_TALK', { ...SAMPLE.RECORD_TALK, heldAt: day(6) }, day(4)),
    new RegExp(`^谈话时间（${beijing(day(6))}）晚于现在（${beijing(day(4))}），不能登记将来的时间$`),
  ],
  [
    'a talk dated with no date-time',
    talkApproved,
    ev('RECORD_TALK', { ...SAMPLE.RECORD_TALK, heldAt: 'last Tuesday' }, day(4)),
    /^谈话时间不是有效的日期时间$/,
  ],
  [
    'a letter sent before the case was opened',
    letterApproved,
    ev('SEND_LETTER', { ...SAMPLE.SEND_LETTER, sentAt: day(-1) }, day(2)),
    /^发函时间（.+）早于立案的时间（.+）$/,
  ],
  [
    'a receipt before the letter was sent',
    letterSent,
    ev('RECORD_LETTER_RECEIVED', { receivedAt: day(1) }, day(4)),
    new RegExp(`^被函询人收到函件的时间（${beijing(day(1))}）早于函件发出的时间（${beijing(day(2))}）$`),
  ],
  [
    'a reply before the subject received the letter, without the endorsement’s opinion',
    letterReceived,
    ev(
      'RECORD_REPLY',
      { ...SAMPLE.RECORD_REPLY, receivedAt: day(2.5), endorsement: { ...ENDORSEMENT, opinion: ' ' } },
      day(10),
    ),
    /^收到书面回复的时间（.+）早于被函询人收到函件的时间（.+）；书面回复须附.+签署的意见（缺少：意见）$/,
  ],
  [
    'a second letter after a talk (no reply)',
    talked,
    ev('ASK_AGAIN', SAMPLE.ASK_AGAIN, day(10)),
    /^再次函询须在收到书面回复之后/,
  ],
  [
    'a second letter after a reply that denies nothing',
    () => replied(INPUT, { ...SAMPLE.RECORD_REPLY, deniesAllegation: false }),
    ev('ASK_AGAIN', SAMPLE.ASK_AGAIN, day(11)),
    /^只有书面回复否认了具体问题时才能再次函询/,
  ],
  [
    'a conclusion that is not an inquiry’s',
    talked,
    ev('CONCLUDE', { conclusion: 'toAccountability' as never, reason: 'x' }, day(10)),
    /不是函询的了结方式：需要核实的问题应转初步核实$/,
  ],
  [
    'a formal warning on an organisation',
    () => talked(organisation),
    ev('CONCLUDE', { conclusion: 'formalWarning', reason: 'x' }, day(10)),
    /^“诫勉”是对个人的处理，而被函询对象是组织$/,
  ],
];

describe('the inquiry’s refusals, in the reader’s words', () => {
  it.each(REFUSED)('%s: refused, with a reason in Chinese', (_what, at, event, zh) => {
    expectRefusedInChinese(wf.explainRefusal, at(), event, zh);
  });

  it('covers every event the machine guards on its payload (APPROVE’s method is the schema’s)', () => {
    expect(uncoveredEvents(wf.machine, REFUSED)).toEqual(['APPROVE']);
  });
});
