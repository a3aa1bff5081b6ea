/*
 * The inquiry machine on its own: which events each state accepts, what each transition records,
 * the date rules, and a model-based walk with @xstate/graph over every state and transition.
 */
import { getAdjacencyMap, getShortestPaths, getStateNodes } from '@xstate/graph';
import { transitionCoverage } from '../model-coverage';
import { transition, type AnyStateNode, type StateValue } from 'xstate';
import { inquiryMachine as machine } from './inquiry.machine';
import { CONCLUSIONS, type Conclusion, type InquiryEvent, type InquiryEventType } from './inquiry.types';
import {
  day,
  EVENT_TYPES,
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
} from './inquiry.fixtures';

const fingerprint = (s: Snap) => JSON.stringify({ value: s.value, context: s.context });
const approved = (method: 'talk' | 'letter') => send(start(), ev('APPROVE', { method }, day(1)));
const conclude = (conclusion: Conclusion) =>
  ev('CONCLUDE', { conclusion, reason: `because ${conclusion}` }, day(12));
const ORGANISATION = {
  ...INPUT,
  subject: { ref: 'u-9', kind: 'organisation' as const, name: 'Transport Bureau' },
};

describe('inquiry machine: which events each state accepts', () => {
  const table: [string, () => Snap, (InquiryEventType | typeof REPLY_TIMEOUT)[]][] = [
    ['proposed', () => start(), ['APPROVE', 'DECLINE']],
    ['approved for a talk', () => approved('talk'), ['RECORD_TALK']],
    ['approved for a letter', () => approved('letter'), ['SEND_LETTER']],
    ['awaitingReply', () => letterSent(), ['RECORD_REPLY', REPLY_TIMEOUT]],
    ['awaitingConclusion after a talk', () => talked(), ['CONCLUDE']],
    ['awaitingConclusion after a reply', () => replied(), ['CONCLUDE']],
    ['closed', () => send(start(), ev('DECLINE')), []],
  ];
  const all = [...EVENT_TYPES, REPLY_TIMEOUT] as const;

  describe.each(table)('%s', (_name, make, accepted) => {
    it.each(all)('%s', (type) => {
      const before = make();
      const event = type === REPLY_TIMEOUT ? timeout() : ev(type);
      expect(fingerprint(send(before, event)) !== fingerprint(before)).toBe(accepted.includes(type));
    });

    // The engine lists allowed events by asking `can` with a probe: no payload yet, `probe: true`.
    it.each(EVENT_TYPES)('%s is listed as allowed when probed', (type) => {
      const probe = { type, payload: {}, at: day(10), actor: '', probe: true } as InquiryEvent;
      expect(make().can(probe)).toBe(accepted.includes(type));
    });
  });
});

describe('inquiry machine: what the transitions record', () => {
  it('starts proposed with the input in context', () => {
    const s = start();
    expect(s.value).toBe('proposed');
    expect(s.context).toMatchObject({
      clue: INPUT.clue,
      source: 'report',
      subject: INPUT.subject,
      openedAt: INPUT.openedAt,
      openedBy: 'olivia',
      outcome: null,
    });
  });

  it('DECLINE closes the case, declined, with the reason', () => {
    const s = send(start(), ev('DECLINE', SAMPLE.DECLINE, day(1), 'leo'));
    expect(s.value).toBe('closed');
    expect(s.status).toBe('done');
    expect(s.context).toMatchObject({
      outcome: 'declined',
      closedAt: day(1),
      declined: { reason: SAMPLE.DECLINE.reason, at: day(1), actor: 'leo' },
      approval: null,
    });
  });

  it('APPROVE records the method and who approved it; the method decides the next step', () => {
    expect(approved('talk').context.approval).toEqual({ method: 'talk', at: day(1), actor: 'olivia' });
    expect(approved('talk').value).toEqual({ approved: 'talk' });
    expect(approved('letter').value).toEqual({ approved: 'letter' });
    expect(approved('letter').context.approval?.method).toBe('letter');
  });

  it('a talk is recorded, then concluded', () => {
    const s = talked();
    expect(s.value).toBe('awaitingConclusion');
    expect(s.context.talk).toEqual({ ...SAMPLE.RECORD_TALK, at: day(4), actor: 'olivia' });
    expect(s.context.letter).toBeNull();
  });

  it('sending the letter arms the reply limit; the reply cancels it', () => {
    const [, armed] = transition(machine, approved('letter'), ev('SEND_LETTER', SAMPLE.SEND_LETTER, day(2)));
    expect(armed).toContainEqual(
      expect.objectContaining({
        type: 'xstate.raise',
        params: expect.objectContaining({ id: REPLY_TIMEOUT }),
      }),
    );
    const [after, cancelled] = transition(
      machine,
      letterSent(),
      ev('RECORD_REPLY', SAMPLE.RECORD_REPLY, day(10)),
    );
    expect(cancelled).toContainEqual(
      expect.objectContaining({
        type: 'xstate.cancel',
        params: expect.objectContaining({ sendId: REPLY_TIMEOUT }),
      }),
    );
    expect(after.value).toBe('awaitingConclusion');
    expect(after.context.reply).toEqual({
      ...SAMPLE.RECORD_REPLY,
      late: false,
      at: day(10),
      actor: 'olivia',
    });
    expect(after.context.replyOverdueSince).toBeNull();
  });

  it('past the limit the case stays awaiting the reply, flagged; a late reply is accepted and the flag kept', () => {
    const due = day(25);
    const overdue = send(letterSent(), timeout(due));
    expect(overdue.value).toBe('awaitingReply');
    expect(overdue.context.replyOverdueSince).toBe(due);
    // the timeout does not re-arm the limit
    expect(transition(machine, letterSent(), timeout(due))[1]).not.toContainEqual(
      expect.objectContaining({ type: 'xstate.raise' }),
    );
    const late = send(overdue, ev('RECORD_REPLY', { receivedAt: day(27), summary: 'late' }, day(28)));
    expect(late.value).toBe('awaitingConclusion');
    expect(late.context.reply).toMatchObject({ late: true, receivedAt: day(27) });
    expect(late.context.replyOverdueSince).toBe(due);
    expect(send(late, conclude('criticism')).context.replyOverdueSince).toBe(due);
  });

  it.each(CONCLUSIONS)(
    'CONCLUDE %s closes the case with that outcome (after a talk or a reply)',
    (conclusion) => {
      for (const s of [talked(), replied()]) {
        const closed = send(s, conclude(conclusion));
        expect(closed.value).toBe('closed');
        expect(closed.status).toBe('done');
        expect(closed.context).toMatchObject({
          outcome: conclusion,
          closedAt: day(12),
          conclusion: { conclusion, reason: `because ${conclusion}`, at: day(12) },
        });
      }
    },
  );

  it('a formal warning does not fit an organisation; the other conclusions do', () => {
    const s = talked(ORGANISATION);
    expect(fingerprint(send(s, conclude('formalWarning')))).toBe(fingerprint(s));
    for (const c of CONCLUSIONS.filter((x) => x !== 'formalWarning')) {
      expect(send(s, conclude(c)).context.outcome).toBe(c);
    }
  });
});

describe('inquiry machine: the dates the officer records', () => {
  const refused = (s: Snap, e: InquiryEvent) => expect(fingerprint(send(s, e))).toBe(fingerprint(s));
  const accepted = (s: Snap, e: InquiryEvent) => expect(fingerprint(send(s, e))).not.toBe(fingerprint(s));

  it('heldAt and sentAt: not after the event, not before the case was opened', () => {
    const at = day(5);
    refused(approved('talk'), ev('RECORD_TALK', { heldAt: day(6), record: 'x' }, at));
    refused(approved('talk'), ev('RECORD_TALK', { heldAt: day(-1), record: 'x' }, at));
    accepted(approved('talk'), ev('RECORD_TALK', { heldAt: at, record: 'x' }, at));
    accepted(approved('talk'), ev('RECORD_TALK', { heldAt: INPUT.openedAt, record: 'x' }, at));
    refused(approved('letter'), ev('SEND_LETTER', { sentAt: day(5.01), letterRef: 'x' }, at));
    refused(approved('letter'), ev('SEND_LETTER', { sentAt: day(-0.01), letterRef: 'x' }, at));
    accepted(approved('letter'), ev('SEND_LETTER', { sentAt: day(4), letterRef: 'x' }, at));
  });

  it('receivedAt: not after the event, not before the letter was sent', () => {
    const sentAt = SAMPLE.SEND_LETTER.sentAt; // day(2)
    refused(letterSent(), ev('RECORD_REPLY', { receivedAt: day(11), summary: 'x' }, day(10)));
    refused(letterSent(), ev('RECORD_REPLY', { receivedAt: day(1.5), summary: 'x' }, day(10)));
    accepted(letterSent(), ev('RECORD_REPLY', { receivedAt: sentAt, summary: 'x' }, day(10)));
  });

  it('offsets are compared as instants', () => {
    // 2026-09-19T10:00+08:00 is 02:00Z, the same instant as day(5) (T0 + 5 days)
    accepted(
      approved('talk'),
      ev('RECORD_TALK', { heldAt: '2026-09-19T10:00:00+08:00', record: 'x' }, day(5)),
    );
    refused(
      approved('talk'),
      ev('RECORD_TALK', { heldAt: '2026-09-19T10:00:01+08:00', record: 'x' }, day(5)),
    );
  });
});

describe('inquiry machine: model-based walk (@xstate/graph)', () => {
  const events: InquiryEvent[] = [
    ev('APPROVE', { method: 'talk' }, day(1)),
    ev('APPROVE', { method: 'letter' }, day(1)),
    ev('DECLINE', SAMPLE.DECLINE, day(1)),
    ev('RECORD_TALK', SAMPLE.RECORD_TALK, day(4)),
    ev('SEND_LETTER', SAMPLE.SEND_LETTER, day(4)),
    ev('RECORD_REPLY', SAMPLE.RECORD_REPLY, day(10)),
    timeout(day(9.5)),
    ...CONCLUSIONS.map(conclude),
  ];
  // Context is reduced to what guards and outcomes read, so the graph stays finite.
  const serializeState = (s: Snap) =>
    JSON.stringify({
      value: s.value,
      method: s.context.approval?.method ?? null,
      overdue: s.context.replyOverdueSince !== null,
      late: s.context.reply?.late ?? null,
      outcome: s.context.outcome,
    });
  const options = { input: INPUT, events, serializeState };
  const adjacency = getAdjacencyMap(machine, options);
  const snapshots = Object.values(adjacency).map((v) => v.state as Snap);

  it('reaches every state node', () => {
    const nodeIds = (value: StateValue, prefix: string): string[] =>
      typeof value === 'string'
        ? [`${prefix}.${value}`]
        : Object.entries(value).flatMap(([k, v]) => [
            `${prefix}.${k}`,
            ...(v ? nodeIds(v, `${prefix}.${k}`) : []),
          ]);
    const reached = new Set(snapshots.flatMap((s) => nodeIds(s.value, 'inquiry')));
    const all = getStateNodes(machine)
      .map((n: AnyStateNode) => n.id)
      .filter((id: string) => id !== 'inquiry');
    expect(all.filter((id: string) => !reached.has(id))).toEqual([]);
    expect(all.sort()).toEqual(
      [
        'inquiry.proposed',
        'inquiry.approved',
        'inquiry.approved.talk',
        'inquiry.approved.letter',
        'inquiry.awaitingReply',
        'inquiry.awaitingConclusion',
        'inquiry.closed',
      ].sort(),
    );
  });

  it('reaches every outcome, by a talk and by a letter (replied in time or late)', () => {
    const closed = snapshots.filter((s) => s.status === 'done');
    const seen = new Set(
      closed.map(
        (s) =>
          `${s.context.outcome}/${s.context.approval?.method ?? '-'}/${String(s.context.reply?.late ?? '-')}`,
      ),
    );
    const expected = ['declined/-/-'];
    for (const c of CONCLUSIONS) expected.push(`${c}/talk/-`, `${c}/letter/false`, `${c}/letter/true`);
    expect([...seen].sort()).toEqual(expected.sort());
  });

  it('exercises every transition, the reply timeout included', () => {
    const { all, missed } = transitionCoverage(machine, adjacency);
    expect(missed).toEqual([]);
    expect(all.map((t) => t.eventType).sort()).toEqual(
      [
        'APPROVE',
        'APPROVE',
        'CONCLUDE',
        'DECLINE',
        'RECORD_REPLY',
        'RECORD_TALK',
        'SEND_LETTER',
        REPLY_TIMEOUT,
      ].sort(),
    );
  });

  it('the shortest path to each outcome replays to the same closed case', () => {
    const paths = getShortestPaths(machine, {
      ...options,
      toState: (s) => s.status === 'done',
    });
    const outcomes = new Set<string>();
    for (const path of paths) {
      const replayed = send(start(), ...path.steps.slice(1).map((step) => step.event as InquiryEvent));
      expect(fingerprint(replayed)).toBe(fingerprint(path.state as Snap));
      outcomes.add(String(replayed.context.outcome));
    }
    expect([...outcomes].sort()).toEqual(['declined', ...CONCLUSIONS].sort());
  });
});
