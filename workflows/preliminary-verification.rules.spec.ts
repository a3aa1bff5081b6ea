/*
 * Preliminary verification's rules (初步核实) proven over every path of its machine, and each shown able
 * to fail: the checker finds a counter-example naming the rule when the guard that enforces it is taken
 * away, or on a path a machine without the rule would take.
 */
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { VerificationContext, VerificationEvent } from '../machines/preliminary-verification.types';
import { checkRules, type WorkflowRuleReport } from '../src/engine/rules/rule-checker';
import type { MachineEvent, PathStep, WorkflowDefinition } from '../src/engine/workflow.types';
import { VERIFICATION_RULE_LIST, VERIFICATION_TIMEOUT } from './preliminary-verification.rules';
import { preliminaryVerificationWorkflow as wf } from './preliminary-verification.workflow';

const T0 = '2026-03-02T01:00:00.000Z';
const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();
const INPUT = {
  title: 'Tenders steered to a relative',
  subject: { ref: 'p-1', kind: 'individual', name: 'Li Si' },
  clue: 'The reply denies what the tender file shows',
  source: 'inquiry',
  openedAt: T0,
};

function broken(report: WorkflowRuleReport): Record<string, string> {
  return Object.fromEntries(
    report.results.filter((r) => r.counterExample).map((r) => [r.rule.id, r.counterExample!.message]),
  );
}

function without(...guards: string[]): WorkflowDefinition {
  const off = Object.fromEntries(guards.map((g) => [g, () => true]));
  return { ...wf, machine: wf.machine.provide({ guards: off }) };
}

const ev = (type: string, payload: object, at: number): MachineEvent =>
  ({ type, payload, at: day(at), actor: 'leo' }) as MachineEvent;

function run(...events: MachineEvent[]): AnyMachineSnapshot {
  return events.reduce(
    (s, e) => transition(wf.machine, s, e as VerificationEvent)[0],
    initialTransition(wf.machine, INPUT)[0],
  );
}

function step(snapshot: AnyMachineSnapshot, event: MachineEvent | null, context?: VerificationContext) {
  return {
    event,
    state: JSON.stringify(snapshot.value),
    matches: (p: string) => snapshot.matches(p as never),
    context: context ?? (snapshot.context as VerificationContext),
    status: snapshot.status === 'done' ? 'done' : 'active',
  } as PathStep<VerificationContext>;
}

const rule = (id: string) => VERIFICATION_RULE_LIST.find((r) => r.id === id)!;
const START = ev(
  'APPROVE_START',
  { plan: 'Check the tender file', team: [{ name: 'Wang' }, { name: 'Zhao' }] },
  1,
);
const EVIDENCE = ev('RECORD_EVIDENCE', { description: 'the tender file', obtainedAt: day(2) }, 3);
const REPORT = (problemFound: boolean) =>
  ev('SUBMIT_REPORT', { findings: 'as found', problemFound, proposal: 'reminderTalk' }, 4);

describe('preliminary verification’s rules hold on every path', () => {
  it('every rule holds on every path walked', () => {
    const report = checkRules(wf);
    expect(broken(report)).toEqual({});
    expect(report.results.map((r) => r.rule.id)).toEqual(VERIFICATION_RULE_LIST.map((r) => r.id));
    expect(report.paths).toBeGreaterThan(30);
    for (const r of report.results) expect(r.paths).toBe(report.paths);
  });
});

describe('each rule can fail', () => {
  it('2019 Rules Art 33 (commentary: a team of two): without its guard, a team of one starts', () => {
    expect(broken(checkRules(without('teamOfTwo')))).toMatchObject({ verificationTeamOfTwo: 'a team of 1' });
  });

  it('2019 Rules Art 34 (evidence before the report): without its guards, a report with no evidence, or evidence dated before the start', () => {
    expect(broken(checkRules(without('evidenceRecorded')))).toMatchObject({
      evidenceBeforeReport: 'a report with no evidence recorded',
    });
    expect(broken(checkRules(without('evidenceDateValid')))).toMatchObject({
      evidenceBeforeReport: expect.stringMatching(/outside the verification/),
    });
  });

  it('2019 Rules Art 35 (outcome follows the finding): without its guard, a referral on a report that found nothing', () => {
    expect(broken(checkRules(without('findingSupports')))).toMatchObject({
      verificationOutcomeFollowsFinding: expect.stringMatching(/on a report that found no problem|found one/),
    });
  });

  it('2019 Accountability Regulations Art 6 (a referral names a responsibility): without its guard, one without', () => {
    expect(broken(checkRules(without('referralComplete')))).toMatchObject({
      referralNamesWhatItOpens: expect.stringMatching(/without a (responsibility|reference)/),
    });
  });

  it('2019 Rules Art 33 (approved start): evidence recorded without the approval breaks it', () => {
    const s = run(START, EVIDENCE);
    const ctx = s.context as VerificationContext;
    expect(rule('verificationStartApproved').check([step(s, EVIDENCE)])).toBeNull();
    expect(rule('verificationStartApproved').check([step(s, EVIDENCE, { ...ctx, start: null })])).toMatch(
      /without an approved start/,
    );
  });

  it('2019 Rules Art 35 (outcome on the report): an outcome without a report breaks it', () => {
    const close = ev('CLOSE_NO_PROBLEM', { reason: 'nothing found' }, 5);
    const s = run(START, EVIDENCE, REPORT(false), close);
    const ctx = s.context as VerificationContext;
    expect(ctx.outcome).toBe('noProblem');
    expect(rule('verificationOutcomeOnReport').check([step(s, close)])).toBeNull();
    expect(rule('verificationOutcomeOnReport').check([step(s, close, { ...ctx, report: null })])).toMatch(
      /without a report/,
    );
  });

  it('the verification time limit (local practice, 3 months): a lapse not flagged, or a report that forgets it, breaks it', () => {
    const fired = {
      type: VERIFICATION_TIMEOUT,
      payload: {},
      at: day(90),
      actor: 'system:deadline',
    } as MachineEvent;
    const lapsed = run(START, EVIDENCE, fired);
    const ctx = lapsed.context as VerificationContext;
    expect(ctx.overdueSince).toBe(day(90));
    expect(rule('verificationReportWithinLimit').check([step(lapsed, fired)])).toBeNull();
    expect(
      rule('verificationReportWithinLimit').check([step(lapsed, fired, { ...ctx, overdueSince: null })]),
    ).toMatch(/not flagged/);
    const reported = run(START, EVIDENCE, fired, { ...REPORT(true), at: day(91) });
    const rctx = reported.context as VerificationContext;
    expect(rctx.report).toMatchObject({ late: true });
    const forgot = { ...rctx, report: { ...rctx.report!, late: false } };
    expect(rule('verificationReportWithinLimit').check([step(reported, REPORT(true), forgot)])).toMatch(
      /late: false/,
    );
  });
});

describe('refusals name their rule', () => {
  it('a referral on a report that found nothing is refused, naming the rule and why', () => {
    const s = run(START, EVIDENCE, REPORT(false));
    const refer = ev('REFER_TO_ACCOUNTABILITY', { responsibility: 'direct', reason: 'r' }, 5);
    expect(s.can(refer)).toBe(false);
    expect(wf.explainRefusal!(s.context, refer)).toEqual({
      rule: 'verificationOutcomeFollowsFinding',
      message:
        'a referral (toAccountability) needs a report that found a problem, and this report found none',
      reason: expect.objectContaining({ zh: expect.stringContaining('本报告未发现问题') }),
      params: { outcome: '移送问责', outcomeEn: 'toAccountability' },
    });
    const one = ev('APPROVE_START', { plan: 'p', team: [{ name: 'Wang' }, { name: ' Wang' }] }, 1);
    expect(wf.explainRefusal!(run().context, one)).toMatchObject({ rule: 'verificationTeamOfTwo' });
  });
});
