import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { AnyStateNode } from 'xstate';
import { getStateNodes } from '@xstate/graph';
import type { BusinessCalendar, EffectsInput, PayloadClass } from '../src/engine/workflow.types';
import { payloadClassFor } from '../src/engine/payload-variants';
import {
  day,
  ev,
  executing,
  INPUT,
  notified,
  SAMPLE,
  send,
  start,
  at as snapshotAt,
  T0,
  WITH_RECTIFICATION,
  type Snap,
} from '../machines/accountability.fixtures';
import type { AccountabilityEvent, Payloads } from '../machines/accountability.types';
import { accountabilityWorkflow as wf } from './accountability.workflow';
import { measureFits } from '../machines/accountability.machine';
import { IMPACT_PERIODS, impactUntil } from './accountability.policy';
import { WORKFLOWS } from './index';

/** Calendar-day arithmetic in UTC; enough for P…Y/M/D durations. */
const calendar: BusinessCalendar = {
  add(from, duration) {
    const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(duration);
    if (!m) throw new Error(`unsupported duration ${duration}`);
    const d = new Date(from);
    d.setUTCFullYear(d.getUTCFullYear() + Number(m[1] ?? 0), d.getUTCMonth() + Number(m[2] ?? 0));
    d.setUTCDate(d.getUTCDate() + Number(m[3] ?? 0));
    return d;
  },
};

async function errors(cls: PayloadClass, plain: unknown): Promise<string[]> {
  const instance = plainToInstance(cls, plain) as object;
  const result = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  const flatten = (es: typeof result, prefix = ''): string[] =>
    es.flatMap((e) => [
      ...(e.constraints ? [`${prefix}${e.property}`] : []),
      ...flatten(e.children ?? [], `${prefix}${e.property}.`),
    ]);
  return flatten(result);
}

function payloadClass(type: keyof Payloads): PayloadClass {
  const cls = payloadClassFor(wf.events[type], { subject: { kind: 'individual' } });
  if (!cls) throw new Error(`${type} has no payload class`);
  return cls;
}

function effectsOf(before: Snap, event: AccountabilityEvent) {
  const after = send(before, event);
  const input: EffectsInput = {
    before: { value: before.value, context: before.context },
    after: { value: after.value, context: after.context },
    event: { type: event.type, at: event.at, actor: event.actor, payload: event.payload },
    calendar,
  };
  return wf.effects(input);
}

describe('accountability workflow: catalogue', () => {
  it('is registered', () => {
    expect(WORKFLOWS).toContain(wf);
    expect(wf).toMatchObject({
      name: 'accountability',
      version: 2,
      open: { roles: ['integration', 'officer'] },
    });
  });

  it('has a policy (for users or linked cases) for every machine event and a transition for every policy', () => {
    const machineEvents = new Set(
      getStateNodes(wf.machine).flatMap((n: AnyStateNode) =>
        n.ownEvents.filter((t) => !t.startsWith('xstate.')),
      ),
    );
    const declared = [...Object.keys(wf.events), ...Object.keys(wf.linkedEvents ?? {})];
    expect([...machineEvents].sort()).toEqual(declared.sort());
  });

  it('has a deadline policy for every named delay and vice versa', () => {
    const delays = new Set(
      getStateNodes(wf.machine).flatMap((n: AnyStateNode) => Object.keys(n.config.after ?? {})),
    );
    expect([...delays].sort()).toEqual(Object.keys(wf.deadlines).sort());
    for (const name of Object.keys(wf.deadlines)) expect(name).not.toContain('.');
    expect(wf.deadlines.appealWindow.flagsOverdue).toBe(false);
  });

  it('gives every event with a payload a payload class, and the sample payloads pass', async () => {
    for (const [type, policy] of Object.entries(wf.events)) {
      const sample = SAMPLE[type as keyof Payloads];
      if (!policy.payload) {
        expect(sample).toEqual({});
        continue;
      }
      expect([type, await errors(payloadClass(type as keyof Payloads), sample)]).toEqual([type, []]);
    }
    expect(await errors(payloadClass('DECIDE'), WITH_RECTIFICATION)).toEqual([]);
  });

  it('assigns roles per DESIGN.md', () => {
    const roles = (t: keyof Payloads) => wf.events[t].roles;
    expect(roles('DECIDE')).toEqual(['committee']);
    expect(roles('RESOLVE_APPEAL')).toEqual(['committee']);
    expect(roles('APPROVE_INVESTIGATION')).toEqual(['leader']);
    expect(roles('EXTEND_INVESTIGATION')).toEqual(['leader']);
    expect(roles('CORRECT_DECISION')).toEqual(['committee']); // of the deciding unit or above (2019 Art 21)
    expect(roles('FILE_APPEAL')).toEqual(['officer']);
  });
});

describe('accountability workflow: payload validation', () => {
  it.each([
    ['PROPOSE_DECLINE', {}, ['reason']],
    ['PROPOSE_DECLINE', { reason: '' }, ['reason']],
    ['PROPOSE_DECLINE', { reason: 'x', extra: 1 }, ['extra']],
    ['EXTEND_INVESTIGATION', { days: '10', reason: 'x' }, ['days']],
    ['EXTEND_INVESTIGATION', { days: 0, reason: 'x' }, ['days']],
    ['EXTEND_INVESTIGATION', { days: 366, reason: 'x' }, ['days']],
    ['EXTEND_INVESTIGATION', { days: 1.5, reason: 'x' }, ['days']],
    ['SUBMIT_REPORT', { findings: 'f', responsibility: 'boss', situation: 'other' }, ['responsibility']],
    // 2019 Art 7: the situation is one of the list, not free text (fix 9).
    ['SUBMIT_REPORT', { findings: 'f', responsibility: 'direct', situation: 'bad luck' }, ['situation']],
    // 一案双查: the committee says whether the matter is serious or long-running.
    ['DECIDE', { decisionNo: 'D', measures: [{ type: 'notice' }] }, ['serious']],
    ['SEND_ON', { to: 'nowhere', reason: 'r' }, ['to']],
    ['RECORD_SELF_REVIEW', { meeting: 'party', heldAt: T0, summary: 's' }, ['meeting']],
    ['RECORD_PUBLICATION', { where: 'bulletin' }, ['publishedAt']],
    ['RECORD_FILING', { personalFileRef: 'PF', filedAt: T0 }, ['personnelDepartment']],
    ['TRANSFER', { to: 'police', reference: 'r' }, ['to']],
    ['DELIVER', { deliveredAt: 'yesterday', recipients: [] }, ['deliveredAt', 'recipients']],
    ['DELIVER', { deliveredAt: T0, recipients: [{ kind: 'subject' }] }, ['recipients.0.name']],
    ['RECORD_EXECUTION', { completedAt: T0 }, ['fileRef']],
    ['RESOLVE_APPEAL', { outcome: 'amended' }, ['measures']],
    ['RESOLVE_APPEAL', { outcome: 'quashed' }, ['outcome']],
    ['PROPOSE_OPINION', { measures: [], mitigation: 'partial', basis: 'b' }, ['mitigation']],
    ['DECIDE', { decisionNo: 'D', serious: false, measures: [] }, ['measures']],
    ['DECIDE', { decisionNo: 'D', serious: false, measures: 'notice' }, ['measures']],
    ['DECIDE', { decisionNo: 'D', serious: false, measures: [{ type: 'caning' }] }, ['measures.0.type']],
    [
      'DECIDE',
      { decisionNo: 'D', serious: false, measures: [{ type: 'partyDiscipline' }] },
      ['measures.0.detail'],
    ],
    [
      'DECIDE',
      { decisionNo: 'D', serious: false, measures: [{ type: 'partyDiscipline', detail: 'removal' }] },
      ['measures.0.detail'],
    ],
    [
      'DECIDE',
      { decisionNo: 'D', serious: false, measures: [{ type: 'notice', detail: 'loud' }] },
      ['measures.0.detail'],
    ],
    [
      'DECIDE',
      { decisionNo: 'D', serious: false, measures: [{ type: 'notice', severity: 1 }] },
      ['measures.0.severity'],
    ],
    [
      'DECIDE',
      {
        decisionNo: 'D',
        serious: false,
        measures: [{ type: 'notice' }],
        rectification: { requirement: 'r', dueAt: 'later' },
      },
      // An individual's rectification order names the unit that rectifies and its leader.
      ['rectification.dueAt', 'rectification.unit', 'rectification.unitLeader'],
    ],
    [
      'DECIDE',
      {
        decisionNo: 'D',
        serious: false,
        measures: [{ type: 'notice' }],
        alsoInvestigate: [{ subject: { ref: 'x', kind: 'robot' } }],
      },
      [
        'alsoInvestigate.0.subject.kind',
        'alsoInvestigate.0.subject.name',
        'alsoInvestigate.0.responsibility',
      ],
    ],
  ] as [keyof Payloads, object, string[]][])('%s %j is rejected on %j', async (type, plain, expected) => {
    expect((await errors(payloadClass(type), plain)).sort()).toEqual(expected.sort());
  });

  it('accepts a measure with a valid detail and responsibility', async () => {
    const measures = [{ type: 'organisationalHandling', detail: 'removal', responsibility: 'direct' }];
    expect(await errors(payloadClass('DECIDE'), { decisionNo: 'D', serious: false, measures })).toEqual([]);
  });
});

describe('accountability workflow: input, outcome, deadlines', () => {
  it('turns the open request into machine input', () => {
    const { title, subject, source } = INPUT;
    const payload = { source, facts: 'f' };
    const input = wf.input({ title, subject, payload, at: T0, actor: 'integration:audit' });
    expect(input).toMatchObject({
      title: INPUT.title,
      openedAt: T0,
      openedBy: 'integration:audit',
      facts: 'f',
      linkedFrom: null,
    });
  });

  it('reads the outcome from the context', () => {
    expect(wf.outcome(start().context)).toBeNull();
    expect(wf.outcome(send(start(), ev('MERGE')).context)).toBeNull(); // awaits the disciplinary decision
    expect(wf.outcome(send(start(), ev('MERGE'), ev('RECORD_DISCIPLINARY_OUTCOME')).context)).toBe('merged');
  });

  const due = (name: string, snapshot: Snap, at: string) =>
    (wf.deadlines[name].due ?? ((i) => calendar.add(new Date(i.at), i.duration)))({
      context: snapshot.context,
      at,
      duration: wf.deadlines[name].duration,
      calendar,
    }).toISOString();

  it('investigation: three months from the start of the current round plus extensions', () => {
    const s = send(
      snapshotAt('investigation'),
      ev('EXTEND_INVESTIGATION', { days: 10, reason: 'r' }, day(5)),
    );
    expect(due('investigation', s, day(5))).toBe('2025-06-21T02:00:00.000Z');
    const returned = send(
      s,
      ev('RECORD_STATEMENT'),
      ev('SUBMIT_REPORT'),
      ev('PROPOSE_OPINION'),
      ev('RETURN_FOR_INVESTIGATION', SAMPLE.RETURN_FOR_INVESTIGATION, day(20)),
    );
    expect(due('investigation', returned, day(20))).toBe('2025-06-30T02:00:00.000Z');
  });

  it('execution counts from the decision, the appeal window from delivery', () => {
    const s = executing();
    expect(due('execution', s, day(41))).toBe(calendar.add(new Date(day(30)), 'P1M').toISOString());
    expect(due('appealWindow', s, day(41))).toBe(calendar.add(new Date(day(40)), 'P1M').toISOString());
    expect(due('delivery', notified(), day(30))).toBe(calendar.add(new Date(day(30)), 'P1M').toISOString());
  });
});

describe('accountability workflow: effects', () => {
  const decideAt = '2025-04-15T08:00:00.000Z';
  const decide = (payload: Payloads['DECIDE'], input = INPUT) =>
    effectsOf(send(start(input), ...decisionPath(payload.measures)), ev('DECIDE', payload, decideAt));
  const decisionPath = (measures: Payloads['DECIDE']['measures']) => [
    ev('ACCEPT'),
    ev('APPROVE_INVESTIGATION'),
    ev('RECORD_STATEMENT'),
    ev('SUBMIT_REPORT'),
    ev('PROPOSE_OPINION', { ...SAMPLE.PROPOSE_OPINION, measures }),
  ];

  it.each([
    // Loses the 2025 appraisal honours: until that appraisal is done, end of February 2026, Beijing time.
    [{ type: 'notice' }, '2026-02-28T15:59:59.999Z'],
    [{ type: 'formalWarning' }, '2025-10-15T08:00:00.000Z'],
    [{ type: 'writtenSelfCriticism' }, undefined],
    // 责令辞职, 免职: no equivalent post for a year (2009 Art 12) and no higher post for two (fix 3).
    [{ type: 'organisationalHandling', detail: 'orderedResignation' }, '2027-04-15T08:00:00.000Z'],
    [{ type: 'organisationalHandling', detail: 'removal' }, '2027-04-15T08:00:00.000Z'],
    [{ type: 'organisationalHandling', detail: 'demotion' }, '2027-04-15T08:00:00.000Z'],
    // 调整职务: no promotion for a year (fix 3).
    [{ type: 'organisationalHandling', detail: 'reassignment' }, '2026-04-15T08:00:00.000Z'],
    // 停职检查: that year's appraisal and honours (2009 Art 12; fix 3).
    [{ type: 'organisationalHandling', detail: 'suspension' }, '2026-02-28T15:59:59.999Z'],
    [{ type: 'partyDiscipline', detail: 'warning' }, '2026-04-15T08:00:00.000Z'],
    [{ type: 'partyDiscipline', detail: 'seriousWarning' }, '2026-10-15T08:00:00.000Z'],
    [{ type: 'partyDiscipline', detail: 'removalFromPost' }, '2027-04-15T08:00:00.000Z'],
    // The probation itself plus 2 years after the rights are restored.
    [{ type: 'partyDiscipline', detail: 'probationOneYear' }, '2028-04-15T08:00:00.000Z'],
    [{ type: 'partyDiscipline', detail: 'probationTwoYears' }, '2029-04-15T08:00:00.000Z'],
    [{ type: 'partyDiscipline', detail: 'expulsion' }, '2030-04-15T08:00:00.000Z'],
    // The 2009 government regime: every measure removes that year's appraisal and honours (2009 Art 12);
    // the last three also bar an equivalent post for a year and a higher post for two (fix 3).
    [{ type: 'governmentAccountability', detail: 'publicApology' }, '2026-02-28T15:59:59.999Z'],
    [{ type: 'governmentAccountability', detail: 'suspension' }, '2026-02-28T15:59:59.999Z'],
    [{ type: 'governmentAccountability', detail: 'resignationForBlame' }, '2027-04-15T08:00:00.000Z'],
    [{ type: 'governmentAccountability', detail: 'orderedResignation' }, '2027-04-15T08:00:00.000Z'],
    [{ type: 'governmentAccountability', detail: 'removal' }, '2027-04-15T08:00:00.000Z'],
  ] as [Payloads['DECIDE']['measures'][number], string | undefined][])(
    'DECIDE %j on an individual records impact until %s',
    (measure, impactUntil) => {
      const [effect] = decide({ decisionNo: 'D', measures: [measure] });
      expect(effect).toEqual({
        type: 'recordMeasures',
        measures: [{ ...measure, decidedAt: decideAt, ...(impactUntil && { impactUntil }) }],
      });
    },
  );

  it('a notice counts the year in Beijing time: decided on 1 January in Beijing (still 31 December in UTC)', () => {
    const calendar = { add: (d: Date) => d };
    expect(impactUntil('individual', { type: 'notice' }, '2025-12-31T17:00:00.000Z', calendar)).toBe(
      '2027-02-28T15:59:59.999Z',
    );
    expect(impactUntil('individual', { type: 'notice' }, '2025-12-31T15:59:59.000Z', calendar)).toBe(
      '2026-02-28T15:59:59.999Z',
    );
    // A leap year: the appraisal restriction runs to 29 February.
    expect(impactUntil('individual', { type: 'notice' }, '2027-06-01T00:00:00.000Z', calendar)).toBe(
      '2028-02-29T15:59:59.999Z',
    );
  });

  it('the new measures fit individuals only, with their detail', () => {
    expect(measureFits('individual', { type: 'writtenSelfCriticism' })).toBe(true);
    expect(measureFits('organisation', { type: 'writtenSelfCriticism' })).toBe(false);
    expect(measureFits('individual', { type: 'governmentAccountability', detail: 'publicApology' })).toBe(
      true,
    );
    expect(measureFits('individual', { type: 'governmentAccountability' })).toBe(false);
    expect(measureFits('individual', { type: 'governmentAccountability', detail: 'warning' })).toBe(false);
    expect(measureFits('organisation', { type: 'governmentAccountability', detail: 'removal' })).toBe(false);
    expect(measureFits('individual', { type: 'partyDiscipline', detail: 'probation' })).toBe(false);
  });

  it('organisation measures carry no impact period', () => {
    const org = { ...INPUT, subject: { ref: 'o-1', kind: 'organisation' as const, name: 'County Bureau' } };
    const leaders = [
      {
        subject: { ref: 'p-1', kind: 'individual' as const, name: 'Li Si' },
        responsibility: 'mainLeadership' as const,
      },
    ];
    const effect = decide(
      {
        decisionNo: 'D',
        measures: [{ type: 'reorganisation' }, { type: 'notice' }],
        alsoInvestigate: leaders,
      },
      org,
    ).find((e) => e.type === 'recordMeasures');
    expect(effect).toEqual({
      type: 'recordMeasures',
      measures: [
        { type: 'reorganisation', decidedAt: decideAt },
        { type: 'notice', decidedAt: decideAt },
      ],
    });
    expect(IMPACT_PERIODS.organisation).toEqual({});
  });

  it('DECIDE opens a linked case per alsoInvestigate entry (一案双查)', () => {
    const leader = { ref: 'p-9', kind: 'individual' as const, name: 'Li Si', post: 'Director' };
    const effects = decide({
      ...SAMPLE.DECIDE,
      alsoInvestigate: [
        { subject: leader, responsibility: 'mainLeadership' },
        { subject: leader, responsibility: 'direct', title: 'T' },
      ],
    });
    expect(effects.map((e) => e.type)).toEqual(['openCase', 'openCase', 'recordMeasures']);
    expect(effects[0]).toEqual({
      type: 'openCase',
      workflow: 'accountability',
      relation: 'alsoInvestigate',
      title: `${INPUT.title} (Li Si)`,
      subject: leader,
      // The linked case keeps the responsibility the decision gave.
      payload: {
        source: 'caseInvestigation',
        facts: SAMPLE.SUBMIT_REPORT.findings,
        situation: SAMPLE.SUBMIT_REPORT.situation,
        responsibility: 'mainLeadership',
      },
    });
    expect(effects[1]).toMatchObject({ title: 'T', payload: { responsibility: 'direct' } });
  });

  it('DECIDE with a rectification order opens a rectification case for the unit the order names', () => {
    const effects = decide(WITH_RECTIFICATION);
    expect(effects.map((e) => e.type)).toEqual(['recordMeasures', 'openCase']);
    const { requirement, dueAt, unit, unitLeader } = WITH_RECTIFICATION.rectification!;
    expect(effects[1]).toEqual({
      type: 'openCase',
      workflow: 'rectification',
      relation: 'rectificationOrder',
      title: `整改：${INPUT.title}`,
      subject: { ref: unit!.ref, kind: 'organisation', name: unit!.name },
      payload: {
        source: 'accountabilityDecision',
        unitLeader,
        items: [{ description: requirement, responsible: unitLeader.name, dueAt }],
      },
    });
  });

  it('TRANSFER and MERGE open linked cases too (一案双查), keeping the responsibility given', () => {
    const leader = { ref: 'p-9', kind: 'individual' as const, name: 'Li Si' };
    const alsoInvestigate = [{ subject: leader, responsibility: 'importantLeadership' as const }];
    const transferred = effectsOf(
      snapshotAt('decision'),
      ev('TRANSFER', { ...SAMPLE.TRANSFER, alsoInvestigate }),
    );
    const merged = effectsOf(start(), ev('MERGE', { ...SAMPLE.MERGE, alsoInvestigate }));
    for (const effects of [transferred, merged]) {
      expect(effects).toEqual([
        expect.objectContaining({
          type: 'openCase',
          relation: 'alsoInvestigate',
          subject: leader,
          payload: expect.objectContaining({
            source: 'caseInvestigation',
            responsibility: 'importantLeadership',
          }),
        }),
      ]);
    }
  });

  it('a case opened with a responsibility keeps it in its context', () => {
    const ctx = wf.input({
      title: 't',
      subject: INPUT.subject,
      payload: { source: 'caseInvestigation', responsibility: 'direct' },
      at: T0,
      actor: 'a',
    });
    expect(ctx).toMatchObject({ responsibility: 'direct' });
  });

  it('a refused DECIDE has no effects', () => {
    const d = snapshotAt('decision');
    expect(effectsOf(d, ev('DECIDE', { decisionNo: 'D', measures: [{ type: 'reorganisation' }] }))).toEqual(
      [],
    );
  });

  it('RECORD_DISCIPLINARY_OUTCOME records the measures decided after the review, from their decision date', () => {
    const merged = send(start(), ev('MERGE'));
    expect(effectsOf(merged, ev('RECORD_DISCIPLINARY_OUTCOME'))).toEqual([
      {
        type: 'recordMeasures',
        measures: [
          {
            type: 'partyDiscipline',
            detail: 'warning',
            decidedAt: T0,
            impactUntil: calendar.add(new Date(T0), 'P1Y').toISOString(),
          },
        ],
      },
    ]);
    const none = { outcome: 'noSanction' as const, decidedAt: T0 };
    expect(effectsOf(merged, ev('RECORD_DISCIPLINARY_OUTCOME', none))).toEqual([]);
  });

  it('RESOLVE_APPEAL amended lifts and re-records from the original decision date; revoked lifts', () => {
    const review = send(executing(), ev('FILE_APPEAL'));
    const amended = effectsOf(
      review,
      ev('RESOLVE_APPEAL', { outcome: 'amended', measures: [{ type: 'notice' }] }, day(70)),
    );
    expect(amended).toEqual([
      { type: 'liftMeasures', reason: 'appeal: decision amended' },
      {
        type: 'recordMeasures',
        measures: [{ type: 'notice', decidedAt: day(30), impactUntil: '2026-02-28T15:59:59.999Z' }],
      },
    ]);
    expect(effectsOf(review, ev('RESOLVE_APPEAL', { outcome: 'revoked' }))).toEqual([
      { type: 'liftMeasures', reason: 'appeal: decision revoked' },
    ]);
    expect(effectsOf(review, ev('RESOLVE_APPEAL', { outcome: 'upheld' }))).toEqual([]);
  });

  it('CORRECT_DECISION lifts the measures', () => {
    expect(effectsOf(executing(), ev('CORRECT_DECISION'))).toEqual([
      { type: 'liftMeasures', reason: 'corrected: wrong procedure' },
    ]);
  });

  it('other events have no effects', () => {
    expect(effectsOf(start(), ev('ACCEPT'))).toEqual([]);
    expect(effectsOf(executing(), ev('RECORD_EXECUTION'))).toEqual([]);
  });
});
