import { transition, type AnyStateNode, type StateValue } from 'xstate';
import { getAdjacencyMap, getStateNodes } from '@xstate/graph';
import { transitionCoverage } from './model-coverage';
import { accountabilityMachine as machine } from './accountability.machine';
import type { AccountabilityEvent, AccountabilityEventType } from './accountability.types';
import {
  at,
  day,
  EVENT_TYPES,
  ev,
  executing,
  INPUT,
  notified,
  PATH,
  SAMPLE,
  send,
  start,
  timeout,
  WITH_RECTIFICATION,
  type Snap,
} from './accountability.fixtures';

const state = (s: Snap) => JSON.stringify(s.value);
const DUTY_EVENTS: AccountabilityEventType[] = ['RECORD_SELF_REVIEW', 'RECORD_PUBLICATION', 'RECORD_FILING'];
/** The self-review and the filing a formal warning needs (2019 Art 19; 2016 Art 9). */
const DUTIES = [ev('RECORD_SELF_REVIEW'), ev('RECORD_FILING')];
const fingerprint = (s: Snap) => JSON.stringify({ value: s.value, context: s.context });
const actionsOf = (s: Snap, e: AccountabilityEvent) => transition(machine, s, e)[1];
const resolveAppeal = (outcome: 'upheld' | 'amended' | 'revoked', measures = SAMPLE.DECIDE.measures) =>
  ev('RESOLVE_APPEAL', { outcome, ...(outcome === 'amended' && { measures }) }, day(70));

describe('accountability machine: which events each state accepts', () => {
  const table: [string, () => Snap, AccountabilityEventType[]][] = [
    ['proposed', () => start(), ['ACCEPT', 'PROPOSE_DECLINE', 'MERGE', 'TRANSFER_JURISDICTION', 'TAKE_OVER']],
    [
      'declineProposed',
      () => send(start(), ev('PROPOSE_DECLINE')),
      ['APPROVE_DECLINE', 'SEND_ON', 'TRANSFER_JURISDICTION', 'TAKE_OVER'],
    ],
    [
      'pendingApproval',
      () => send(start(), ev('ACCEPT')),
      [
        'APPROVE_INVESTIGATION',
        'DECIDE_DIRECTLY',
        'REJECT_INVESTIGATION',
        'TRANSFER_JURISDICTION',
        'TAKE_OVER',
      ],
    ],
    [
      'investigation, not heard',
      () => at('investigation'),
      ['RECORD_STATEMENT', 'WAIVE_STATEMENT', 'EXTEND_INVESTIGATION', 'TRANSFER_JURISDICTION', 'TAKE_OVER'],
    ],
    [
      'investigation, heard',
      () => send(at('investigation'), ev('RECORD_STATEMENT')),
      [
        'RECORD_STATEMENT',
        'WAIVE_STATEMENT',
        'EXTEND_INVESTIGATION',
        'SUBMIT_REPORT',
        'TRANSFER_JURISDICTION',
        'TAKE_OVER',
      ],
    ],
    [
      'preliminaryOpinion, fast path, not heard',
      () => send(start(), ev('ACCEPT'), ev('DECIDE_DIRECTLY')),
      ['RECORD_STATEMENT', 'WAIVE_STATEMENT', 'TRANSFER_JURISDICTION', 'TAKE_OVER'],
    ],
    [
      'preliminaryOpinion',
      () => at('preliminaryOpinion'),
      ['PROPOSE_OPINION', 'RECORD_STATEMENT', 'WAIVE_STATEMENT', 'TRANSFER_JURISDICTION', 'TAKE_OVER'],
    ],
    [
      'decision',
      () => at('decision'),
      [
        'DECIDE',
        'DECIDE_NO_ACCOUNTABILITY',
        'RETURN_FOR_INVESTIGATION',
        'TRANSFER',
        'TRANSFER_JURISDICTION',
        'TAKE_OVER',
      ],
    ],
    ['notification', () => notified(), ['DELIVER', 'CORRECT_DECISION']],
    [
      'execution, regions open',
      () => executing(),
      [...DUTY_EVENTS, 'RECORD_EXECUTION', 'FILE_APPEAL', 'CORRECT_DECISION'],
    ],
    [
      'execution, rectification followed up and appeal under review',
      () => send(executing(), ev('FILE_APPEAL')),
      [...DUTY_EVENTS, 'RECORD_EXECUTION', 'RESOLVE_APPEAL', 'CORRECT_DECISION'],
    ],
    [
      'execution, measures carried out, filing and self-review awaited',
      () =>
        send(executing(SAMPLE.DECIDE), ev('RECORD_EXECUTION'), ev('FILE_APPEAL'), resolveAppeal('upheld')),
      [...DUTY_EVENTS, 'CORRECT_DECISION'],
    ],
    [
      'concluded (accountable, still correctable)',
      () =>
        send(
          executing(SAMPLE.DECIDE),
          ev('RECORD_EXECUTION'),
          ...DUTIES,
          ev('FILE_APPEAL'),
          resolveAppeal('upheld'),
        ),
      ['CORRECT_DECISION'],
    ],
    ['merged', () => send(start(), ev('MERGE')), ['RECORD_DISCIPLINARY_OUTCOME']],
    ['closed', () => send(start(), ev('PROPOSE_DECLINE'), ev('APPROVE_DECLINE')), []],
  ];

  describe.each(table)('%s', (_name, make, accepted) => {
    it.each(EVENT_TYPES)('%s', (type) => {
      const before = make();
      const after = send(before, ev(type));
      expect(fingerprint(after) !== fingerprint(before)).toBe(accepted.includes(type));
    });

    // The engine lists allowed events by asking `can` with a probe: no payload yet, `probe: true`.
    it.each(EVENT_TYPES)('%s is listed as allowed when probed', (type) => {
      const probe = { type, payload: {}, at: day(0), actor: '', probe: true } as AccountabilityEvent;
      expect(make().can(probe)).toBe(accepted.includes(type));
    });
  });
});

describe('accountability machine: paths to closed', () => {
  const closedWith = (s: Snap, outcome: string, closedAt = day(1)) => {
    expect(s.value).toBe('closed');
    expect(s.status).toBe('done');
    expect(s.context.outcome).toBe(outcome);
    expect(s.context.closedAt).toBe(closedAt);
  };

  it('starts proposed with the input in context', () => {
    const s = start();
    expect(s.value).toBe('proposed');
    expect(s.context).toMatchObject({ title: INPUT.title, subject: INPUT.subject, openedAt: INPUT.openedAt });
  });

  it('declined: the officer proposes with reasons, the leader approves (fix 5; 2019 Art 9, the seeds)', () => {
    const proposed = send(start(), ev('PROPOSE_DECLINE'));
    expect(proposed.value).toBe('declineProposed');
    expect(proposed.context.outcome).toBeNull();
    const s = send(proposed, ev('APPROVE_DECLINE', {}, day(1), 'leo-leader'));
    closedWith(s, 'declined');
    expect(s.context.declineProposal).toEqual({
      reason: SAMPLE.PROPOSE_DECLINE.reason,
      at: day(1),
      actor: 'alice',
    });
    expect(s.context.reasons).toEqual([
      { type: 'PROPOSE_DECLINE', text: SAMPLE.PROPOSE_DECLINE.reason, at: day(1), actor: 'alice' },
    ]);
  });

  it('a proposal to decline sent on by the leader goes back for acceptance, or on to approval (fix 5)', () => {
    const proposed = send(start(), ev('PROPOSE_DECLINE'));
    const back = send(proposed, ev('SEND_ON', { to: 'acceptance', reason: 'look again' }));
    expect(back.value).toBe('proposed');
    expect(back.context.outcome).toBeNull();
    const on = send(proposed, ev('SEND_ON', { to: 'approval', reason: 'to be investigated' }));
    expect(on.value).toBe('pendingApproval');
    expect(on.context.accepted).toEqual({ at: day(1), actor: 'alice' });
    expect(on.context.reasons.map((r) => r.type)).toEqual(['PROPOSE_DECLINE', 'SEND_ON']);
  });

  it('merged: waits for the decision taken after the disciplinary review, then closes', () => {
    const merged = send(start(), ev('MERGE'));
    expect(merged.value).toBe('merged');
    expect(merged.context.mergedInto).toBe('DIS-2025-7');
    expect(merged.context.outcome).toBeNull();
    const s = send(merged, ev('RECORD_DISCIPLINARY_OUTCOME'));
    closedWith(s, 'merged');
    expect(s.context.disciplinaryOutcome).toMatchObject(SAMPLE.RECORD_DISCIPLINARY_OUTCOME);
  });

  it('merged: refuses a disciplinary decision dated in the future, or measures that do not fit', () => {
    const merged = send(start(), ev('MERGE'));
    const record = (payload: Partial<typeof SAMPLE.RECORD_DISCIPLINARY_OUTCOME>) =>
      send(
        merged,
        ev('RECORD_DISCIPLINARY_OUTCOME', { ...SAMPLE.RECORD_DISCIPLINARY_OUTCOME, ...payload }, day(5)),
      ).value;
    expect(record({ decidedAt: day(6) })).toBe('merged');
    expect(record({ measures: [{ type: 'reorganisation' }] })).toBe('merged');
    expect(record({ decidedAt: day(5) })).toBe('closed');
  });

  it('rejected', () => closedWith(send(start(), ev('ACCEPT'), ev('REJECT_INVESTIGATION')), 'rejected'));
  it('noAccountability', () =>
    closedWith(send(at('decision'), ev('DECIDE_NO_ACCOUNTABILITY')), 'noAccountability'));

  it('transferred', () => {
    const s = send(at('decision'), ev('TRANSFER'));
    closedWith(s, 'transferred');
    expect(s.context.transfer).toMatchObject(SAMPLE.TRANSFER);
  });

  it('a decision can set measures and transfer the matter too (accountability and discipline do not replace each other)', () => {
    const transfer = { to: 'discipline' as const, reference: 'DIS-2025-9' };
    const s = send(at('decision'), ev('DECIDE', { ...SAMPLE.DECIDE, transfer }, day(30)));
    expect(s.value).toBe('notification');
    expect(s.context.transfer).toEqual({ ...transfer, at: day(30), actor: 'alice' });
    expect(s.context.decision?.measures).toEqual(SAMPLE.DECIDE.measures);
    expect(s.context.outcome).toBeNull();
  });

  it('corrected from notification and from execution', () => {
    closedWith(
      send(notified(), ev('CORRECT_DECISION', SAMPLE.CORRECT_DECISION, day(35))),
      'corrected',
      day(35),
    );
    const s = send(
      executing(),
      ev('RECORD_EXECUTION'),
      ev('CORRECT_DECISION', SAMPLE.CORRECT_DECISION, day(60)),
    );
    closedWith(s, 'corrected', day(60));
  });

  it('corrected after the case concluded as accountable (2019 Art 21)', () => {
    const concluded = send(
      executing(SAMPLE.DECIDE),
      ev('RECORD_EXECUTION'),
      ...DUTIES,
      ev('FILE_APPEAL'),
      resolveAppeal('upheld'),
    );
    expect(concluded.value).toBe('concluded');
    const s = send(concluded, ev('CORRECT_DECISION', SAMPLE.CORRECT_DECISION, day(400)));
    closedWith(s, 'corrected', day(400));
    expect(s.context.reasons.at(-1)).toMatchObject({
      type: 'CORRECT_DECISION',
      text: SAMPLE.CORRECT_DECISION.reason,
    });
  });

  it('revoked on appeal closes the whole case from inside a region', () => {
    closedWith(send(executing(), ev('FILE_APPEAL'), resolveAppeal('revoked')), 'revoked', day(70));
  });

  it('fast path: DECIDE_DIRECTLY goes to the opinion without an investigation', () => {
    const s = send(start(), ev('ACCEPT'), ev('DECIDE_DIRECTLY'));
    expect(s.value).toBe('preliminaryOpinion');
    expect(s.context.approval).toMatchObject({ path: 'direct' });
    expect(s.context.investigation).toBeNull();
  });
});

describe('accountability machine: execution regions', () => {
  it('without a rectification requirement the region is notRequired', () => {
    expect(executing(SAMPLE.DECIDE).value).toEqual({
      execution: { measures: 'pending', rectification: 'notRequired', appeal: 'open' },
    });
  });

  it('closes as accountable only when all three regions are final, at the time of the last', () => {
    let s = executing();
    s = send(s, ev('RECORD_EXECUTION', SAMPLE.RECORD_EXECUTION, day(50)));
    expect(s.value).toMatchObject({ execution: { measures: 'executed' } });
    s = send(s, ...DUTIES);
    s = send(s, ev('LINKED_CASE_CLOSED', SAMPLE.LINKED_CASE_CLOSED, day(61), 'system:linked-case'));
    expect(s.value).toEqual({
      execution: { measures: 'complete', rectification: 'verified', appeal: 'open' },
    });
    expect(s.context.outcome).toBeNull();
    s = send(s, timeout('appealWindow', 'accountability.execution.appeal.open', day(71)));
    expect(s.value).toBe('concluded');
    expect(s.status).toBe('active'); // a correction remains possible
    expect(s.context).toMatchObject({ outcome: 'accountable', closedAt: day(71) });
    expect(s.context.appeal.windowClosedAt).toBe(day(71));
  });

  it('an upheld or amended appeal resolves the appeal region; execution goes on', () => {
    for (const outcome of ['upheld', 'amended'] as const) {
      const s = send(executing(SAMPLE.DECIDE), ev('FILE_APPEAL'), resolveAppeal(outcome));
      expect(s.value).toEqual({
        execution: { measures: 'pending', rectification: 'notRequired', appeal: 'resolved' },
      });
      expect(s.context.appeal.resolution).toMatchObject({ outcome });
      expect(state(send(s, ev('RECORD_EXECUTION', SAMPLE.RECORD_EXECUTION, day(80)), ...DUTIES))).toBe(
        '"concluded"',
      );
    }
  });

  it('an amended appeal needs measures that fit the subject', () => {
    const review = send(executing(), ev('FILE_APPEAL'));
    const bare = ev('RESOLVE_APPEAL', { outcome: 'amended' });
    expect(fingerprint(send(review, bare))).toBe(fingerprint(review));
    const misfit = resolveAppeal('amended', [{ type: 'reorganisation' }]);
    expect(fingerprint(send(review, misfit))).toBe(fingerprint(review));
  });

  it('a rectification order is followed up by its own case: the region waits for it to report back', () => {
    const s = executing();
    expect(s.value).toMatchObject({ execution: { rectification: 'followingUp' } });
    expect(s.context.rectification).toMatchObject({ requirement: 'install slope monitoring', closed: null });
    // Only the rectification case's report counts, not another linked case's.
    const other = ev('LINKED_CASE_CLOSED', { relation: 'alsoInvestigate', workflow: 'x', outcome: 'y' });
    expect(send(s, other).value).toMatchObject({ execution: { rectification: 'followingUp' } });
    const done = send(s, ev('LINKED_CASE_CLOSED', SAMPLE.LINKED_CASE_CLOSED, day(70)));
    expect(done.value).toMatchObject({ execution: { rectification: 'verified' } });
    expect(done.context.rectification?.closed).toMatchObject({ outcome: 'rectified', at: day(70) });
  });

  it('a rectification case that closed before the execution began leaves nothing to wait for', () => {
    const early = send(
      notified(WITH_RECTIFICATION),
      ev('LINKED_CASE_CLOSED', SAMPLE.LINKED_CASE_CLOSED, day(39)),
    );
    expect(early.value).toBe('notification');
    const s = send(early, ev('DELIVER'));
    expect(s.value).toMatchObject({ execution: { rectification: 'verified' } });
  });
});

describe('accountability machine: guards', () => {
  it('refuses SUBMIT_REPORT until a statement is recorded or waived', () => {
    const s = at('investigation');
    expect(fingerprint(send(s, ev('SUBMIT_REPORT')))).toBe(fingerprint(s));
    expect(state(send(s, ev('RECORD_STATEMENT'), ev('SUBMIT_REPORT')))).toBe('"preliminaryOpinion"');
    expect(state(send(s, ev('WAIVE_STATEMENT'), ev('SUBMIT_REPORT')))).toBe('"preliminaryOpinion"');
  });

  it('refuses the opinion on the fast path until the subject is heard (2009 Art 14)', () => {
    const s = send(start(), ev('ACCEPT'), ev('DECIDE_DIRECTLY'));
    expect(fingerprint(send(s, ev('PROPOSE_OPINION')))).toBe(fingerprint(s));
    expect(state(send(s, ev('RECORD_STATEMENT'), ev('PROPOSE_OPINION')))).toBe('"decision"');
    expect(state(send(s, ev('WAIVE_STATEMENT'), ev('PROPOSE_OPINION')))).toBe('"decision"');
  });

  it('keeps statements valid after RETURN_FOR_INVESTIGATION and restarts the investigation clock', () => {
    const s = send(at('decision'), ev('RETURN_FOR_INVESTIGATION', SAMPLE.RETURN_FOR_INVESTIGATION, day(20)));
    expect(s.value).toBe('investigation');
    expect(s.context.investigation?.startedAt).toBe(day(20));
    expect(state(send(s, ev('SUBMIT_REPORT')))).toBe('"preliminaryOpinion"');
  });

  it('refuses a delivery dated before the decision or after the moment it is recorded', () => {
    const n = notified(); // decided at day(30)
    const deliver = (deliveredAt: string) =>
      send(n, ev('DELIVER', { ...SAMPLE.DELIVER, deliveredAt }, day(41))).value;
    expect(deliver(day(29))).toBe('notification');
    // judged to the second, as a delivery date is given: a decision stamped 23 ms into a second is
    // not after a delivery given as that whole second (a form's "now" default, cut to the second)
    const stamped = new Date(Date.parse(day(30)) + 23).toISOString();
    const decidedMidSecond = send(start(INPUT), ...PATH.decision, ev('DECIDE', SAMPLE.DECIDE, stamped));
    const deliverAfter = (deliveredAt: string) =>
      send(decidedMidSecond, ev('DELIVER', { ...SAMPLE.DELIVER, deliveredAt }, day(41))).value;
    expect(deliverAfter(day(30))).not.toBe('notification');
    expect(deliverAfter(new Date(Date.parse(day(30)) - 1000).toISOString())).toBe('notification');
    expect(deliver(day(42))).toBe('notification');
    expect(deliver(day(30))).not.toBe('notification');
    expect(deliver(day(41))).not.toBe('notification');
  });

  it('refuses a rectification due date that is not after the decision', () => {
    const d = at('decision');
    const decide = (dueAt: string) =>
      send(
        d,
        ev(
          'DECIDE',
          { ...SAMPLE.DECIDE, rectification: { ...WITH_RECTIFICATION.rectification!, dueAt } },
          day(30),
        ),
      ).value;
    expect(decide(day(29))).toBe('decision');
    expect(decide(day(30))).toBe('decision');
    expect(decide(day(31))).toBe('notification');
  });

  it('refuses measures that do not fit the subject kind or lack the right detail', () => {
    const d = at('decision');
    const decide = (measures: typeof SAMPLE.DECIDE.measures) =>
      send(d, ev('DECIDE', { decisionNo: 'x', measures }));
    expect(decide([{ type: 'reorganisation' }]).value).toBe('decision');
    expect(decide([{ type: 'organisationalHandling' }]).value).toBe('decision');
    expect(decide([{ type: 'partyDiscipline', detail: 'removal' }]).value).toBe('decision');
    expect(decide([{ type: 'organisationalHandling', detail: 'removal' }]).value).toBe('notification');
  });
});

describe('accountability machine: deadlines', () => {
  const raiseId = (actions: { type: string; params?: unknown }[]) =>
    actions.filter((a) => a.type === 'xstate.raise').map((a) => (a.params as { id: string }).id);
  const cancelIds = (actions: { type: string; params?: unknown }[]) =>
    actions.filter((a) => a.type === 'xstate.cancel').map((a) => (a.params as { sendId: string }).sendId);
  const INV = 'xstate.after.investigation.accountability.investigation';

  it('entering investigation raises the named delay; leaving cancels it', () => {
    const pending = send(start(), ev('ACCEPT'));
    const entering = actionsOf(pending, ev('APPROVE_INVESTIGATION'));
    expect(raiseId(entering)).toEqual([INV]);
    expect(raiseId(entering)[0].startsWith('xstate.after.investigation.')).toBe(true);
    const heard = send(pending, ev('APPROVE_INVESTIGATION'), ev('RECORD_STATEMENT'));
    expect(cancelIds(actionsOf(heard, ev('SUBMIT_REPORT')))).toEqual([INV]);
  });

  it('the timeout only flags the investigation overdue; an extension re-arms and clears the flag', () => {
    const s = send(at('investigation'), timeout('investigation', 'accountability.investigation', day(92)));
    expect(s.value).toBe('investigation');
    expect(s.context.overdue).toEqual({ investigation: day(92) });
    expect(s.context.lapses).toEqual([{ kind: 'investigation', at: day(92) }]);
    const extend = ev('EXTEND_INVESTIGATION', SAMPLE.EXTEND_INVESTIGATION, day(93));
    const [extended, actions] = transition(machine, s, extend);
    expect(cancelIds(actions)).toEqual([INV]);
    expect(raiseId(actions)).toEqual([INV]);
    expect(extended.context.overdue).toEqual({});
    expect(extended.context.investigation?.extensions).toEqual([
      { days: 30, reason: SAMPLE.EXTEND_INVESTIGATION.reason, at: day(93), actor: 'alice' },
    ]);
  });

  it('flags delivery, execution and appeal review as overdue without moving', () => {
    const n = send(notified(), timeout('delivery', 'accountability.notification'));
    expect(n.value).toBe('notification');
    expect(n.context.overdue).toEqual({ delivery: day(200) });
    const x = send(
      executing(),
      ev('FILE_APPEAL'),
      timeout('execution', 'accountability.execution.measures.pending'),
      timeout('appealReview', 'accountability.execution.appeal.underReview'),
    );
    expect(x.value).toEqual({
      execution: { measures: 'pending', rectification: 'followingUp', appeal: 'underReview' },
    });
    expect(x.context.overdue).toEqual({ execution: day(200), appealReview: day(200) });
  });

  it('entering execution arms the execution and appeal window deadlines (the rectification case has its own)', () => {
    const ids = raiseId(actionsOf(notified(WITH_RECTIFICATION), ev('DELIVER')));
    expect(ids.sort()).toEqual([
      'xstate.after.appealWindow.accountability.execution.appeal.open',
      'xstate.after.execution.accountability.execution.measures.pending',
    ]);
  });
});

describe('accountability machine: model-based coverage', () => {
  const delayed = getStateNodes(machine).flatMap((node: AnyStateNode) =>
    Object.keys(node.config.after ?? {}).map((delay) => timeout(delay, node.id)),
  );
  const events: AccountabilityEvent[] = [
    ...EVENT_TYPES.filter((t) => !['DECIDE', 'RESOLVE_APPEAL'].includes(t)).map((t) => ev(t)),
    ev('DECIDE'),
    ev('DECIDE', WITH_RECTIFICATION),
    ev('LINKED_CASE_CLOSED'),
    ev('SEND_ON', { to: 'approval', reason: 'to be investigated' }),
    resolveAppeal('upheld'),
    resolveAppeal('amended'),
    resolveAppeal('revoked'),
    ...delayed,
  ];
  // Context is reduced to what guards read, so the graph stays finite.
  const serializeState = (s: Snap) =>
    JSON.stringify({
      value: s.value,
      heard: s.context.statements.length > 0,
      rectification: s.context.rectification !== null,
      rectificationClosed: s.context.rectification?.closed != null,
      duties: s.context.duties,
      declineProposal: s.context.declineProposal != null,
      outcome: s.context.outcome,
    });
  const adjacency = getAdjacencyMap(machine, { input: INPUT, events, serializeState });
  const snapshots = Object.values(adjacency).map((v) => v.state);

  const nodeIds = (value: StateValue, prefix: string): string[] =>
    typeof value === 'string'
      ? [`${prefix}.${value}`]
      : Object.entries(value).flatMap(([k, v]) => [
          `${prefix}.${k}`,
          ...(v ? nodeIds(v, `${prefix}.${k}`) : []),
        ]);

  it('reaches every state node (except the transient rectification check)', () => {
    const reached = new Set(
      snapshots.flatMap((s) => ['accountability', ...nodeIds(s.value, 'accountability')]),
    );
    const all = getStateNodes(machine)
      .map((n: AnyStateNode) => n.id)
      .filter((id: string) => id !== 'accountability.execution.rectification.checking');
    expect(all.filter((id: string) => !reached.has(id))).toEqual([]);
  });

  it('reaches every outcome', () => {
    const outcomes = new Set(snapshots.map((s) => s.context.outcome).filter(Boolean));
    expect([...outcomes].sort()).toEqual(
      [
        'accountable',
        'corrected',
        'declined',
        'merged',
        'noAccountability',
        'rejected',
        'revoked',
        'transferred',
      ].sort(),
    );
  });

  it('exercises every event-driven transition', () => {
    // `always` and `onDone` are internal; they are covered by the notRequired and accountable checks above.
    const { all, missed } = transitionCoverage(
      machine,
      adjacency,
      (type) => !type.startsWith('xstate.done.'),
    );
    expect(missed).toEqual([]);
    expect(all.length).toBeGreaterThan(30);
  });
});

describe('accountability machine: 一案双查 (fix 1)', () => {
  const ORG_INPUT = {
    ...INPUT,
    subject: { ref: 'org-1', kind: 'organisation' as const, name: 'Water Bureau' },
  };
  const orgDecision = send(
    start(ORG_INPUT),
    ...PATH.decision.slice(0, 4),
    ev('PROPOSE_OPINION', {
      measures: [{ type: 'inspection' }],
      mitigation: 'none',
      basis: '2019 Art 8',
    }),
  );
  const leader = (responsibility: 'mainLeadership' | 'importantLeadership' | 'direct') => ({
    subject: { ref: 'p-7', kind: 'individual' as const, name: 'Li Si' },
    responsibility,
  });

  it('2019 Art 8: a decision about an organisation names its responsible leaders, one with main leadership', () => {
    expect(orgDecision.value).toBe('decision');
    const decide = (alsoInvestigate?: ReturnType<typeof leader>[]) =>
      send(
        orgDecision,
        ev('DECIDE', { decisionNo: 'D-1', measures: [{ type: 'inspection' }], alsoInvestigate }, day(30)),
      );
    expect(decide().value).toBe('decision');
    expect(decide([]).value).toBe('decision');
    expect(decide([leader('importantLeadership')]).value).toBe('decision');
    expect(decide([leader('mainLeadership'), leader('direct')]).value).toBe('decision');
    const done = decide([leader('mainLeadership'), leader('importantLeadership')]);
    expect(done.value).toBe('notification');
    expect(done.context.decision?.alsoInvestigate).toHaveLength(2);
  });

  it('一案双查 (seeds 2 and 4): a serious matter with a person directly responsible also pursues the leaders', () => {
    const direct = send(
      start(),
      ev('ACCEPT'),
      ev('APPROVE_INVESTIGATION'),
      ev('RECORD_STATEMENT'),
      ev('SUBMIT_REPORT', { ...SAMPLE.SUBMIT_REPORT, responsibility: 'direct' }),
      ev('PROPOSE_OPINION'),
    );
    const decide = (extra: object) => send(direct, ev('DECIDE', { ...SAMPLE.DECIDE, ...extra }, day(30)));
    expect(decide({ serious: true }).value).toBe('decision');
    expect(decide({ serious: true, alsoInvestigate: [leader('direct')] }).value).toBe('decision');
    expect(decide({ serious: false }).value).toBe('notification');
    expect(decide({ serious: true, alsoInvestigate: [leader('mainLeadership')] }).value).toBe('notification');
    const elsewhere = decide({
      serious: true,
      leadersPursuedElsewhere: { caseRef: 'ACC-9', reason: 'pursued there' },
    });
    expect(elsewhere.value).toBe('notification');
    expect(elsewhere.context.decision?.leadersPursuedElsewhere).toEqual({
      caseRef: 'ACC-9',
      reason: 'pursued there',
    });
    // A subject found with main leadership responsibility is the leader: nobody above is required.
    expect(notified({ ...SAMPLE.DECIDE, serious: true }).value).toBe('notification');
  });
});

describe('accountability machine: duties after a decision (fix 4; 2019 Art 19, 2016 Art 9, 2009 Art 19)', () => {
  const carriedOut = (decide = SAMPLE.DECIDE) =>
    send(executing(decide), ev('RECORD_EXECUTION'), ev('FILE_APPEAL'), resolveAppeal('upheld'));

  it('a formal warning waits for the self-review and the filing, in any order, before the case concludes', () => {
    let s = carriedOut();
    expect(s.value).toMatchObject({ execution: { measures: 'executed' } });
    s = send(s, ev('RECORD_FILING'));
    expect(s.value).toMatchObject({ execution: { measures: 'executed' } });
    s = send(s, ev('RECORD_SELF_REVIEW'));
    expect(s.value).toBe('concluded');
    expect(s.context.duties).toMatchObject({
      selfReview: SAMPLE.RECORD_SELF_REVIEW,
      filing: SAMPLE.RECORD_FILING,
      publication: null,
    });
  });

  it('organisational handling (免职) is also published before the case concludes', () => {
    const removal = {
      ...SAMPLE.DECIDE,
      measures: [{ type: 'organisationalHandling' as const, detail: 'removal' }],
    };
    const s = send(carriedOut(removal), ...DUTIES);
    expect(s.value).toMatchObject({ execution: { measures: 'executed' } });
    expect(send(s, ev('RECORD_PUBLICATION')).value).toBe('concluded');
  });
});
