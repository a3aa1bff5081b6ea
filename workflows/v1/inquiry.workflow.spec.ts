/*
 * Inquiry version 1 (as deployed) without the service: the reply limit on China's calendar (15 working days
 * across the Mid-Autumn and National Day holidays and their make-up working Saturday), the effects of
 * each conclusion, why a refusal is refused, and the payloads validated as published.
 */
import { transition } from 'xstate';
import {
  day,
  ev,
  INPUT,
  letterSent,
  replied,
  REPLY_TIMEOUT,
  SAMPLE,
  send,
  start,
  talked,
  timeout,
  type Snap,
} from '../../machines/v1/inquiry.fixtures';
import { CONCLUSIONS, type Conclusion, type InquiryEvent } from '../../machines/v1/inquiry.types';
import { ChinaBusinessCalendar, workingDaysFrom } from '../../src/engine/deadlines/business-calendar';
import { DeadlinePlanner } from '../../src/engine/deadlines/deadline.planner';
import { validatePayload } from '../../src/engine/payload.validator';
import type { EffectsInput, WorkflowEffect } from '../../src/engine/workflow.types';
import { AccountabilityOpenPayload } from '../accountability.payloads';
import {
  InquiryApprovePayload,
  InquiryOpenPayload,
  InquiryRecordTalkPayload,
  InquirySendLetterPayload,
} from '../inquiry.payloads';
import {
  InquiryConcludePayload,
  InquiryOrganisationConcludePayload,
  InquiryRecordReplyPayload,
} from './inquiry.payloads';
import { inquiryWorkflowV1 as wf } from './inquiry.workflow';

const calendar = new ChinaBusinessCalendar(workingDaysFrom(undefined));
const planner = (overrides: Record<string, string> = {}) => new DeadlinePlanner({ overrides, calendar });

/** The reply limit a letter sent at `at` arms, as the engine plans it. */
function replyDue(at: string): string {
  const approved = send(start(), ev('APPROVE', { method: 'letter' }, day(1)));
  const sent = ev('SEND_LETTER', { sentAt: day(1), letterRef: 'HX-1' }, at);
  const [after, actions] = transition(wf.machine, approved, sent);
  const steps = planner().plan(wf, actions, after.context, { id: 'case-1', unitId: 'u1' }, at);
  expect(steps).toHaveLength(1);
  const [step] = steps;
  if (step.op !== 'schedule') throw new Error('not scheduled');
  expect(step.row).toMatchObject({
    kind: 'reply',
    sendId: REPLY_TIMEOUT,
    flagsOverdue: true,
    status: 'pending',
  });
  return step.row.dueAt;
}

describe('the reply limit: 15 working days on China’s calendar', () => {
  /*
   * September–October 2026 (Beijing): Fri 25 Sep is the Mid-Autumn holiday, 1–7 Oct National Day;
   * Sun 20 Sep and Sat 10 Oct are make-up working days (调休). From Thu 24 Sep the 15 working days
   * are 28, 29, 30 Sep; 8, 9, 10 (Sat), 12–16, 19–22 Oct.
   */
  it('a letter sent on Thu 2026-09-24 10:00 (Beijing) is due on Thu 2026-10-22 10:00', () => {
    expect(replyDue('2026-09-24T02:00:00.000Z')).toBe('2026-10-22T02:00:00.000Z');
  });

  it('sent on the Mid-Autumn holiday (Fri 2026-09-25), the count starts on the next working day: same due date', () => {
    expect(replyDue('2026-09-25T02:00:00.000Z')).toBe('2026-10-22T02:00:00.000Z');
  });

  it('the make-up Saturday counts: without it the limit would fall on Fri 2026-10-23', () => {
    const noMakeUp = new ChinaBusinessCalendar((d) => d !== '2026-10-10' && workingDaysFrom(undefined)(d));
    expect(noMakeUp.add(new Date('2026-09-24T02:00:00.000Z'), 'P15WD').toISOString()).toBe(
      '2026-10-23T02:00:00.000Z',
    );
  });

  it('the time of day is kept: sent at 23:30 (Beijing) on Wed 2026-09-30, due at 23:30 on Tue 2026-10-27', () => {
    // 8, 9, 10 (Sat), 12–16, 19–23, 26, 27 Oct
    expect(replyDue('2026-09-30T15:30:00.000Z')).toBe('2026-10-27T15:30:00.000Z');
  });

  it('a deployment override shortens it (DEADLINE_OVERRIDES)', () => {
    expect(planner({ reply: 'PT2S' }).duration(wf, 'reply')).toBe('PT2S');
    expect(planner().duration(wf, 'reply')).toBe('P15WD');
  });

  it('only the letter arms a limit; the reply cancels it', () => {
    const [after, actions] = transition(wf.machine, start(), ev('APPROVE', { method: 'talk' }, day(1)));
    expect(planner().plan(wf, actions, after.context, { id: 'c', unitId: 'u1' }, day(1))).toEqual([]);
    const [done, cancel] = transition(wf.machine, letterSent(), ev('RECORD_REPLY'));
    expect(planner().plan(wf, cancel, done.context, { id: 'c', unitId: 'u1' }, day(10))).toEqual([
      { op: 'cancel', sendId: REPLY_TIMEOUT },
    ]);
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

const conclude = (conclusion: Conclusion, at = '2026-10-23T02:00:00.000Z') =>
  ev('CONCLUDE', { conclusion, reason: `reason for ${conclusion}` }, at);

describe('effects of the conclusions', () => {
  it('formalWarning records the measure with an impact period of 6 months', () => {
    expect(effectsOf(replied(), conclude('formalWarning'))).toEqual([
      {
        type: 'recordMeasures',
        measures: [
          {
            type: 'formalWarning',
            decidedAt: '2026-10-23T02:00:00.000Z',
            impactUntil: '2027-04-23T02:00:00.000Z',
          },
        ],
      },
    ]);
    // months run to the last day of a shorter month
    const [effect] = effectsOf(talked(), conclude('formalWarning', '2026-08-31T02:00:00.000Z'));
    expect(effect).toMatchObject({ measures: [{ impactUntil: '2027-02-28T02:00:00.000Z' }] });
  });

  it('escalated opens an accountability case about the subject, with the clue and the reply as facts', async () => {
    const late = send(letterSent(), timeout(day(25)), ev('RECORD_REPLY', SAMPLE.RECORD_REPLY, day(26)));
    const effects = effectsOf(late, conclude('escalated'));
    expect(effects).toEqual([
      {
        type: 'openCase',
        workflow: 'accountability',
        relation: 'inquiryEscalated',
        title: `Accountability after an inquiry: ${INPUT.title}`,
        subject: INPUT.subject,
        payload: {
          source: 'report',
          facts: [
            `Clue (Report or complaint): ${INPUT.clue}`,
            `Letter HX-2026-17 sent ${SAMPLE.SEND_LETTER.sentAt}`,
            `Reply received ${SAMPLE.RECORD_REPLY.receivedAt} (after its limit): ${SAMPLE.RECORD_REPLY.summary}`,
            'Conclusion of the inquiry: reason for escalated',
          ].join('\n'),
        },
      },
    ]);
    const [effect] = effects;
    if (effect.type !== 'openCase') throw new Error('not openCase');
    await expect(validatePayload('open', AccountabilityOpenPayload, effect.payload)).resolves.toEqual(
      effect.payload,
    );
  });

  it.each(['report', 'inspectionTour', 'audit', 'superiorInstruction', 'other'] as const)(
    'an escalated inquiry from %s opens with a valid accountability source, even at the longest texts',
    async (source) => {
      const long = 'x'.repeat(5000);
      const input = { ...INPUT, source, clue: long };
      const s = send(
        start(input),
        ev('APPROVE', { method: 'talk' }, day(1)),
        ev('RECORD_TALK', { heldAt: day(2), record: long }, day(3)),
      );
      const [effect] = effectsOf(s, ev('CONCLUDE', { conclusion: 'escalated', reason: 'y'.repeat(2000) }));
      if (effect.type !== 'openCase') throw new Error('not openCase');
      await expect(validatePayload('open', AccountabilityOpenPayload, effect.payload)).resolves.toEqual(
        effect.payload,
      );
      expect(effect.payload.facts).toContain(`Talk held ${day(2)}: ${long}`);
    },
  );

  it('the other conclusions, and every other transition, ask for nothing', () => {
    for (const c of CONCLUSIONS.filter((x) => x !== 'formalWarning' && x !== 'escalated')) {
      expect(effectsOf(talked(), conclude(c))).toEqual([]);
    }
    expect(effectsOf(start(), ev('DECLINE'))).toEqual([]);
    expect(effectsOf(start(), ev('APPROVE'))).toEqual([]);
    expect(effectsOf(letterSent(), timeout())).toEqual([]);
    expect(effectsOf(letterSent(), ev('RECORD_REPLY'))).toEqual([]);
  });
});

describe('explainRefusal says why a guard refused', () => {
  const explain = (s: Snap, e: InquiryEvent) => wf.explainRefusal!(s.context, e);
  const approved = send(start(), ev('APPROVE', { method: 'talk' }, day(1)));

  it('a date in the future, or before the opening or the letter', () => {
    expect(explain(approved, ev('RECORD_TALK', { heldAt: day(6), record: 'x' }, day(5)))).toBe(
      `heldAt ${day(6)} is in the future (it is now ${day(5)})`,
    );
    expect(explain(approved, ev('RECORD_TALK', { heldAt: day(-1), record: 'x' }, day(5)))).toBe(
      `heldAt ${day(-1)} is before the case was opened (${INPUT.openedAt})`,
    );
    expect(explain(letterSent(), ev('RECORD_REPLY', { receivedAt: day(1), summary: 'x' }, day(5)))).toBe(
      `receivedAt ${day(1)} is before the letter was sent (${SAMPLE.SEND_LETTER.sentAt})`,
    );
    expect(explain(approved, ev('RECORD_TALK', { heldAt: day(2), record: 'x' }, day(5)))).toBeNull();
  });

  it('a formal warning on an organisation', () => {
    const org = { ...INPUT, subject: { ref: 'u-1', kind: 'organisation' as const, name: 'Bureau' } };
    expect(explain(talked(org), conclude('formalWarning'))).toBe(
      'the conclusion formalWarning is a measure on an individual, and the subject is an organisation',
    );
    expect(explain(talked(), conclude('formalWarning'))).toBeNull();
  });
});

describe('payloads are validated as published', () => {
  it.each([
    [
      'open',
      InquiryOpenPayload,
      { clue: 'c', source: 'other' },
      [{ clue: '', source: 'other' }, { clue: 'c', source: 'gossip' }, { clue: 'c' }],
    ],
    ['APPROVE', InquiryApprovePayload, { method: 'talk' }, [{ method: 'phone' }, {}]],
    [
      'RECORD_TALK',
      InquiryRecordTalkPayload,
      { heldAt: '2026-09-24T10:00:00+08:00', record: 'r' },
      [
        { heldAt: '2026-09-24', record: 'r' },
        { heldAt: '2026-02-30T10:00:00Z', record: 'r' },
        { heldAt: '2026-09-24T10:00:00Z' },
      ],
    ],
    [
      'SEND_LETTER',
      InquirySendLetterPayload,
      { sentAt: '2026-09-24T02:00:00Z', letterRef: 'HX' },
      [{ sentAt: '2026-09-24T02:00:00Z', letterRef: 'x'.repeat(201) }],
    ],
    [
      'RECORD_REPLY',
      InquiryRecordReplyPayload,
      { receivedAt: '2026-09-24T02:00:00Z', summary: 's' },
      [{ receivedAt: null, summary: 's' }],
    ],
    [
      'CONCLUDE',
      InquiryConcludePayload,
      { conclusion: 'escalated', reason: 'r' },
      [
        { conclusion: 'dismissed', reason: 'r' },
        { conclusion: 'cleared', reason: 'r', extra: 1 },
      ],
    ],
  ] as const)('%s', async (name, cls, good, bads) => {
    await expect(validatePayload(name, cls, good)).resolves.toEqual(good);
    for (const bad of bads) await expect(validatePayload(name, cls, bad)).rejects.toThrow();
  });

  it('CONCLUDE: the variant of the subject’s kind; an organisation gets no formal warning', async () => {
    const events = wf.events as Record<string, { payload?: unknown }>;
    const variants = events.CONCLUDE.payload as {
      variants: Record<string, unknown>;
      select: (c: unknown) => string;
    };
    expect(variants.variants).toEqual({
      individual: InquiryConcludePayload,
      organisation: InquiryOrganisationConcludePayload,
    });
    const org = { ...INPUT, subject: { ref: 'u-1', kind: 'organisation' as const, name: 'Bureau' } };
    expect(variants.select(talked(org).context)).toBe('organisation');
    expect(variants.select(talked().context)).toBe('individual');
    const warning = { conclusion: 'formalWarning', reason: 'r' };
    await expect(validatePayload('CONCLUDE', InquiryOrganisationConcludePayload, warning)).rejects.toThrow();
    await expect(validatePayload('CONCLUDE', InquiryConcludePayload, warning)).resolves.toEqual(warning);
    const escalate = { conclusion: 'escalated', reason: 'r' };
    await expect(validatePayload('CONCLUDE', InquiryOrganisationConcludePayload, escalate)).resolves.toEqual(
      escalate,
    );
  });

  it('the workflow declares what the catalogue needs', () => {
    expect(wf.name).toBe('inquiry');
    expect(wf.roles.map((r) => r.id).sort()).toEqual(['integration', 'leader', 'officer']);
    expect(wf.open.roles).toEqual(['integration', 'officer']);
    expect(Object.keys(wf.deadlines)).toEqual(['reply']);
    expect(wf.outcome(send(talked(), conclude('reminder')).context)).toBe('reminder');
    expect(
      wf.input({
        title: 't',
        subject: INPUT.subject,
        payload: { clue: 'c', source: 'audit' },
        at: day(0),
        actor: 'a',
      }),
    ).toMatchObject({
      clue: 'c',
      source: 'audit',
      openedAt: day(0),
      openedBy: 'a',
      linkedFrom: null,
    });
  });
});
