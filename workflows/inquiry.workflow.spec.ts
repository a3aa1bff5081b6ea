/*
 * Inquiry version 2 without the service: the reply limit from the subject's receipt of the letter on
 * China's calendar (2019 Rules Art 29), the report limit from the talk or the reply's receipt (Art 30),
 * lateness judged by the reply's received date, a second letter with its own limit, the effects of the
 * conclusions (a problem goes to preliminary verification), and the payloads validated as published.
 */
import { transition } from 'xstate';
import {
  day,
  ENDORSEMENT,
  ev,
  letterReceived,
  letterSent,
  replied,
  REPLY_TIMEOUT,
  REPORT_TIMEOUT,
  SAMPLE,
  send,
  start,
  talked,
  timeout,
  type Snap,
} from '../machines/inquiry.fixtures';
import type { Conclusion, InquiryEvent } from '../machines/inquiry.types';
import { ChinaBusinessCalendar, workingDaysFrom } from '../src/engine/deadlines/business-calendar';
import { DeadlinePlanner } from '../src/engine/deadlines/deadline.planner';
import { validatePayload } from '../src/engine/payload.validator';
import type { EffectsInput, WorkflowEffect } from '../src/engine/workflow.types';
import { InquiryReplyPayload } from './inquiry.payloads';
import { inquiryWorkflow as wf, VERIFICATION_RELATION } from './inquiry.workflow';
import { VerificationOpenPayload } from './preliminary-verification.payloads';

const calendar = new ChinaBusinessCalendar(workingDaysFrom(undefined));
const planner = () => new DeadlinePlanner({ overrides: {}, calendar });

/** The limits a transition arms, as the engine plans them: kind → due time. */
function armed(before: Snap, event: InquiryEvent): Record<string, string> {
  const [after, actions] = transition(wf.machine, before, event);
  const steps = planner().plan(wf, actions, after.context, { id: 'case-1', unitId: 'u1' }, event.at);
  return Object.fromEntries(steps.flatMap((s) => (s.op === 'schedule' ? [[s.row.kind, s.row.dueAt]] : [])));
}

describe('the reply limit runs from the subject’s receipt of the letter (2019 Rules Art 29)', () => {
  it('sending the letter arms nothing; its receipt on Thu 2026-09-24 (Beijing) makes the reply due Thu 2026-10-22, across the holidays', () => {
    expect(
      armed(
        send(start(), ev('APPROVE', { method: 'letter' }, day(1))),
        ev('SEND_LETTER', SAMPLE.SEND_LETTER, day(2)),
      ),
    ).toEqual({});
    // received on the 24th, recorded four days later: the limit still runs from the receipt
    const receipt = ev(
      'RECORD_LETTER_RECEIVED',
      { receivedAt: '2026-09-24T02:00:00.000Z' },
      '2026-09-28T08:00:00.000Z',
    );
    expect(armed(letterSent(), receipt)).toEqual({ reply: '2026-10-22T02:00:00.000Z' });
  });

  it('a receipt before the letter was sent, or in the future, is refused', () => {
    const s = letterSent();
    expect(s.can(ev('RECORD_LETTER_RECEIVED', { receivedAt: day(1) }, day(4)))).toBe(false);
    expect(s.can(ev('RECORD_LETTER_RECEIVED', { receivedAt: day(5) }, day(4)))).toBe(false);
    expect(
      wf.explainRefusal!(s.context, ev('RECORD_LETTER_RECEIVED', { receivedAt: day(1) }, day(4)) as never),
    ).toMatchObject({
      message: expect.stringMatching(/before the letter was sent/),
    });
  });

  it('lateness is judged by the reply’s received date: received before the limit but recorded after it is on time', () => {
    const lapsed = send(letterReceived(), timeout(day(25)));
    expect(lapsed.context.replyOverdueSince).toBe(day(25));
    const onTime = send(lapsed, ev('RECORD_REPLY', { ...SAMPLE.RECORD_REPLY, receivedAt: day(24) }, day(27)));
    expect(onTime.context.reply).toMatchObject({ receivedAt: day(24), late: false });
    const late = send(lapsed, ev('RECORD_REPLY', { ...SAMPLE.RECORD_REPLY, receivedAt: day(26) }, day(27)));
    expect(late.context.reply).toMatchObject({ late: true });
    // the lapse stays on the record either way
    expect(onTime.context.replyOverdueSince).toBe(day(25));
  });

  it('the reply needs the signed opinion of the Party committee’s principal leader: refused without it', async () => {
    const blank = { ...SAMPLE.RECORD_REPLY, endorsement: { ...ENDORSEMENT, name: ' ' } };
    expect(letterReceived().can(ev('RECORD_REPLY', blank))).toBe(false);
    const { endorsement: _e, ...none } = SAMPLE.RECORD_REPLY;
    await expect(validatePayload('RECORD_REPLY', InquiryReplyPayload, none)).rejects.toThrow(/endorsement/);
    await expect(validatePayload('RECORD_REPLY', InquiryReplyPayload, SAMPLE.RECORD_REPLY)).resolves.toEqual(
      SAMPLE.RECORD_REPLY,
    );
  });
});

describe('the report on the talk or reply: one month (2019 Rules Art 30)', () => {
  it('from the talk, or from the reply’s receipt, flagged when it passes and kept on the conclusion', () => {
    const talk = ev(
      'RECORD_TALK',
      { heldAt: '2026-09-24T02:00:00.000Z', record: 'r' },
      '2026-09-25T02:00:00.000Z',
    );
    expect(armed(send(start(), ev('APPROVE', { method: 'talk' }, day(1))), talk)).toEqual({
      report: '2026-10-24T02:00:00.000Z',
    });
    const reply = ev('RECORD_REPLY', { ...SAMPLE.RECORD_REPLY, receivedAt: day(9) }, day(12));
    expect(armed(letterReceived(), reply)).toEqual({
      report: calendar.add(new Date(day(9)), 'P1M').toISOString(),
    });
    const lapsed = send(replied(), timeout(day(45), REPORT_TIMEOUT));
    expect(lapsed.value).toBe('awaitingConclusion');
    const done = send(lapsed, ev('CONCLUDE', { conclusion: 'reminder', reason: 'r' }, day(46)));
    expect(done.context).toMatchObject({
      reportOverdueSince: day(45),
      conclusion: { late: true },
      outcome: 'reminder',
    });
  });
});

describe('a second letter (再次函询, 2019 Rules Art 30(3))', () => {
  it('only after a reply that denies a concrete allegation; the new letter has its own receipt and limit', () => {
    const admits = replied(undefined, { ...SAMPLE.RECORD_REPLY, deniesAllegation: false });
    expect(admits.can(ev('ASK_AGAIN'))).toBe(false);
    expect(talked().can(ev('ASK_AGAIN'))).toBe(false);
    const first = send(replied(), timeout(day(11), REPORT_TIMEOUT));
    const again = send(first, ev('ASK_AGAIN', SAMPLE.ASK_AGAIN, day(12)));
    expect(again.value).toEqual({ approved: 'letter' });
    expect(again.context).toMatchObject({
      letter: null,
      reply: null,
      replyOverdueSince: null,
      reportOverdueSince: null,
    });
    expect(again.context.rounds).toEqual([
      expect.objectContaining({
        letter: expect.objectContaining({ letterRef: 'HX-2026-17' }),
        reply: expect.objectContaining({ deniesAllegation: true }),
        reportOverdueSince: day(11),
        askedAgain: expect.objectContaining({ reason: SAMPLE.ASK_AGAIN.reason }),
      }),
    ]);
    const sent = send(again, ev('SEND_LETTER', { sentAt: day(13), letterRef: 'HX-2026-17-2' }, day(13)));
    const receipt = ev('RECORD_LETTER_RECEIVED', { receivedAt: day(14) }, day(14));
    expect(armed(sent, receipt)).toEqual({ reply: calendar.add(new Date(day(14)), 'P15WD').toISOString() });
  });
});

function effectsOf(before: Snap, event: InquiryEvent): WorkflowEffect[] {
  const [after] = transition(wf.machine, before, event);
  const input: EffectsInput = {
    before: { value: before.value, context: before.context },
    after: { value: after.value, context: after.context },
    event,
    calendar,
  };
  return wf.effects(input);
}

const conclude = (conclusion: Conclusion) =>
  ev('CONCLUDE', { conclusion, reason: `reason: ${conclusion}` }, day(20));

describe('the conclusions', () => {
  it('a problem that needs checking opens a preliminary verification case (never accountability), with what the inquiry found', async () => {
    const [effect, ...rest] = effectsOf(replied(), conclude('toVerification'));
    expect(rest).toEqual([]);
    expect(effect).toMatchObject({
      type: 'openCase',
      workflow: 'preliminaryVerification',
      relation: VERIFICATION_RELATION,
      subject: { ref: 'p-101' },
      payload: { source: 'inquiry' },
    });
    if (effect.type !== 'openCase') throw new Error('not openCase');
    const clue = String(effect.payload.clue);
    expect(clue).toContain(SAMPLE.RECORD_REPLY.summary);
    // the workflow's words in the deployment's language (Chinese by default), the users' as written
    expect(clue).toContain(`${ENDORSEMENT.name}（${ENDORSEMENT.post}）的意见`);
    expect(clue).toContain('函询结论：reason: toVerification');
    expect(clue).toContain('reason: toVerification');
    await expect(validatePayload('open', VerificationOpenPayload, effect.payload)).resolves.toEqual(
      effect.payload,
    );
  });

  it('escalated is no conclusion of version 2: refused by the machine', () => {
    expect(replied().can(ev('CONCLUDE', { conclusion: 'escalated' as Conclusion, reason: 'r' }))).toBe(false);
  });

  it.each(['cleared', 'reminder', 'criticism', 'selfExamination'] as const)(
    '%s closes with no effect',
    (c) => {
      expect(effectsOf(talked(), conclude(c))).toEqual([]);
      expect(send(talked(), conclude(c)).context.outcome).toBe(c);
    },
  );

  it('a formal warning is recorded on the subject', () => {
    expect(effectsOf(talked(), conclude('formalWarning'))).toMatchObject([
      { type: 'recordMeasures', measures: [{ type: 'formalWarning', decidedAt: day(20) }] },
    ]);
  });

  it('the reply limit’s timeout is the machine’s own', () => {
    expect(letterReceived().can(timeout(day(30), REPLY_TIMEOUT))).toBe(true);
  });
});
