/*
 * Preliminary verification without the service: the verification limit (3 months by default, from the
 * approved start), and the referral to accountability that opens a valid accountability case naming the
 * responsibility (2019 Rules Art 35; CPC Accountability Regulations (2019) Art 6).
 */
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { VerificationEvent } from '../machines/preliminary-verification.types';
import { ChinaBusinessCalendar, workingDaysFrom } from '../src/engine/deadlines/business-calendar';
import { DeadlinePlanner } from '../src/engine/deadlines/deadline.planner';
import { validatePayload } from '../src/engine/payload.validator';
import type { MachineEvent } from '../src/engine/workflow.types';
import { AccountabilityOpenPayload } from './accountability.payloads';
import { ApproveStartPayload } from './preliminary-verification.payloads';
import {
  ACCOUNTABILITY_RELATION,
  preliminaryVerificationWorkflow as wf,
  REFERRAL_SITUATION,
} from './preliminary-verification.workflow';

const calendar = new ChinaBusinessCalendar(workingDaysFrom(undefined));
const T0 = '2026-03-02T01:00:00.000Z';
const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();
const ev = (type: string, payload: object, at: number): VerificationEvent =>
  ({ type, payload, at: day(at), actor: 'leo' }) as VerificationEvent;
const opened = initialTransition(wf.machine, {
  title: 'Tenders steered to a relative',
  subject: { ref: 'p-1', kind: 'individual', name: 'Li Si' },
  clue: 'x'.repeat(20_000),
  source: 'inquiry',
  openedAt: T0,
})[0];
const run = (...events: VerificationEvent[]): AnyMachineSnapshot =>
  events.reduce((s, e) => transition(wf.machine, s, e)[0], opened);
const START = ev(
  'APPROVE_START',
  { plan: 'Check the tender file', team: [{ name: 'Wang' }, { name: 'Zhao' }] },
  1,
);

describe('preliminary verification (初步核实)', () => {
  it('the approved start arms the verification limit: 3 months by default', () => {
    const [after, actions] = transition(wf.machine, opened, START);
    const steps = new DeadlinePlanner({ overrides: {}, calendar }).plan(
      wf,
      actions,
      after.context,
      { id: 'c', unitId: 'u1' },
      day(1),
    );
    expect(steps).toMatchObject([
      { op: 'schedule', row: { kind: 'verification', dueAt: '2026-06-03T01:00:00.000Z' } },
    ]);
  });

  it('a team of fewer than two is refused by the schema and by the machine', async () => {
    await expect(
      validatePayload('APPROVE_START', ApproveStartPayload, { plan: 'p', team: [{ name: 'Wang' }] }),
    ).rejects.toThrow(/team/);
    expect(
      opened.can(ev('APPROVE_START', { plan: 'p', team: [{ name: 'Wang' }, { name: 'Wang' }] }, 1)),
    ).toBe(false);
  });

  it('a referral to accountability opens a valid accountability case with the responsibility, linked', async () => {
    const done = run(
      START,
      ev('RECORD_EVIDENCE', { description: 'the tender file', obtainedAt: day(2) }, 3),
      ev(
        'SUBMIT_REPORT',
        { findings: 'the tenders were steered', problemFound: true, proposal: 'toAccountability' },
        4,
      ),
    );
    const refer = ev(
      'REFER_TO_ACCOUNTABILITY',
      { responsibility: 'direct', reason: 'duties not carried out' },
      5,
    );
    const [after] = transition(wf.machine, done, refer);
    expect(after.context).toMatchObject({
      outcome: 'toAccountability',
      decision: { responsibility: 'direct' },
    });
    const effects = wf.effects({
      before: { value: done.value, context: done.context },
      after: { value: after.value, context: after.context },
      event: refer as MachineEvent,
      calendar,
    });
    expect(effects).toMatchObject([
      {
        type: 'openCase',
        workflow: 'accountability',
        relation: ACCOUNTABILITY_RELATION,
        subject: { ref: 'p-1' },
        payload: { source: 'caseInvestigation', situation: REFERRAL_SITUATION, responsibility: 'direct' },
      },
    ]);
    const [effect] = effects;
    if (effect.type !== 'openCase') throw new Error('not openCase');
    // a clue at its longest still fits the accountability case's facts
    await expect(validatePayload('open', AccountabilityOpenPayload, effect.payload)).resolves.toEqual(
      effect.payload,
    );
  });

  it('the other outcomes open nothing', () => {
    const reported = run(
      START,
      ev('RECORD_EVIDENCE', { description: 'the file', obtainedAt: day(2) }, 3),
      ev('SUBMIT_REPORT', { findings: 'nothing', problemFound: false, proposal: 'noProblem' }, 4),
    );
    const close = ev('CLOSE_NO_PROBLEM', { reason: 'the file bears the reply out' }, 5);
    const [after] = transition(wf.machine, reported, close);
    expect(after.context.outcome).toBe('noProblem');
    expect(after.status).toBe('done');
    const effects = wf.effects({
      before: { value: reported.value, context: reported.context },
      after: { value: after.value, context: after.context },
      event: close as MachineEvent,
      calendar,
    });
    expect(effects).toEqual([]);
  });
});
