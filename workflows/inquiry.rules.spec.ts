/*
 * The inquiry's rules (谈话函询, version 2) proven over every path of its machine, and each shown able to
 * fail: the checker finds a counter-example naming the rule when the guard that enforces it is taken
 * away, when version 1's machine (which lacked it) is walked, or on a path a machine without the rule
 * would take.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { ENDORSEMENT, ev, day, replied, send, start, talked, timeout } from '../machines/inquiry.fixtures';
import type { InquiryContext } from '../machines/inquiry.types';
import { checkRules, type WorkflowRuleReport } from '../src/engine/rules/rule-checker';
import type { MachineEvent, PathStep, WorkflowDefinition } from '../src/engine/workflow.types';
import { INQUIRY_RULES, INQUIRY_RULE_LIST, ruleOfGuard } from './inquiry.rules';
import { inquiryWorkflow as wf } from './inquiry.workflow';
import { inquiryWorkflowV1 } from './v1/inquiry.workflow';

function broken(report: WorkflowRuleReport): Record<string, string> {
  return Object.fromEntries(
    report.results.filter((r) => r.counterExample).map((r) => [r.rule.id, r.counterExample!.message]),
  );
}

/** The workflow with some guards always passing. */
function without(...guards: string[]): WorkflowDefinition {
  const off = Object.fromEntries(guards.map((g) => [g, () => true]));
  return { ...wf, machine: wf.machine.provide({ guards: off }) };
}

function step(snapshot: AnyMachineSnapshot, event: MachineEvent | null, context?: InquiryContext) {
  return {
    event,
    state: JSON.stringify(snapshot.value),
    matches: (p: string) => snapshot.matches(p as never),
    context: context ?? (snapshot.context as InquiryContext),
    status: snapshot.status === 'done' ? 'done' : 'active',
  } as PathStep<InquiryContext>;
}

const rule = (id: string) => INQUIRY_RULE_LIST.find((r) => r.id === id)!;

describe('the inquiry’s rules hold on every path of version 2', () => {
  const report = checkRules(wf);

  it('every rule holds, judged on every path walked (both kinds of subject, second letters included)', () => {
    expect(broken(report)).toEqual({});
    expect(report.results.map((r) => r.rule.id)).toEqual(INQUIRY_RULE_LIST.map((r) => r.id));
    for (const r of report.results) expect(r.paths).toBe(report.paths);
    expect(report.paths).toBeGreaterThan(400);
    // The loop of second letters is bounded by the model's depth.
    expect(report.bounded).toBe(true);
  });

  it('names every rule with its article, in both languages, and the guards it names exist', () => {
    const guards = Object.keys(wf.machine.implementations.guards);
    for (const r of INQUIRY_RULES.list) {
      expect(r.source.zh).toMatch(/《.+》/);
      expect(r.source.en).toMatch(/Art \d+/);
      expect(r.text.zh.length).toBeGreaterThan(4);
      for (const g of r.guards ?? []) expect(guards).toContain(g);
    }
  });
});

describe('each rule can fail', () => {
  it('2019 Rules Art 29 (reply limit from receipt): without the date guard, a letter is received before it is sent', () => {
    expect(broken(checkRules(without('dateValid')))).toMatchObject({
      replyLimitFromReceipt: expect.stringMatching(/before it was sent|before the letter/),
    });
  });

  it('2019 Rules Art 29 (endorsement): without its guard, a reply without the Party leader’s signed opinion is taken', () => {
    expect(broken(checkRules(without('replyEndorsed')))).toMatchObject({
      replyEndorsedByPartyLeader: expect.stringMatching(/without the signed opinion/),
    });
  });

  it('2019 Rules Art 30(3) (second letter): without its guard, a second letter follows a reply that denies nothing', () => {
    expect(broken(checkRules(without('secondLetterAllowed')))).toMatchObject({
      secondLetterOnDenial: expect.stringMatching(/without a reply that denies/),
    });
  });

  it('2019 Rules Art 30(4) and Accountability Regulations Art 8: without the conclusion guard, an inquiry escalates straight to accountability and an organisation gets a formal warning', () => {
    expect(broken(checkRules(without('conclusionFits')))).toMatchObject({
      problemGoesToVerification: 'concluded escalated',
      formalWarningOnIndividual: 'a formal warning on an organisation',
    });
  });

  it('version 1’s machine breaks what version 2 fixes (issue 18, fix 2): limit from sending, lateness by recording, no endorsement, no report limit, escalation to accountability', () => {
    const v1 = broken(checkRules({ ...inquiryWorkflowV1, rules: INQUIRY_RULES } as WorkflowDefinition));
    expect(Object.keys(v1).sort()).toEqual(
      [
        'problemGoesToVerification',
        'replyEndorsedByPartyLeader',
        'replyLateByReceivedDate',
        'replyLimitFromReceipt',
        'reportWithinAMonth',
      ].sort(),
    );
    expect(v1.replyLimitFromReceipt).toMatch(/(letter not yet received|has not received)/);
    expect(v1.replyLateByReceivedDate).toMatch(/is marked late/);
  });

  it('2019 Rules Art 28 (approval): a talk recorded without the approval breaks it', () => {
    const s = talked();
    const path = [step(start(), null), step(s, ev('RECORD_TALK'), { ...s.context, approval: null })];
    expect(rule('inquiryApprovedByLeader').check(path)).toMatch(/without the approval/);
    expect(
      rule('inquiryApprovedByLeader').check([step(start(), null), step(s, ev('RECORD_TALK'))]),
    ).toBeNull();
  });

  it('2019 Rules Art 30 (report on a talk or reply): a conclusion with neither breaks it', () => {
    const s = send(talked(), ev('CONCLUDE', { conclusion: 'reminder', reason: 'r' }, day(5)));
    const path = [step(s, ev('CONCLUDE'), { ...s.context, talk: null })];
    expect(rule('reportOnTalkOrReply').check(path)).toBe(
      'concluded reminder with neither a talk nor a reply',
    );
    expect(rule('reportOnTalkOrReply').check([step(s, ev('CONCLUDE'))])).toBeNull();
  });

  it('2019 Rules Art 30 (report within a month): a lapse not flagged, or a conclusion that forgets it, breaks it', () => {
    const lapsed = send(replied(), timeout(day(40), 'xstate.after.report.inquiry.awaitingConclusion'));
    expect(lapsed.context.reportOverdueSince).toBe(day(40));
    const fired = timeout(day(40), 'xstate.after.report.inquiry.awaitingConclusion');
    expect(rule('reportWithinAMonth').check([step(lapsed, fired)])).toBeNull();
    expect(
      rule('reportWithinAMonth').check([
        step(lapsed, fired, { ...lapsed.context, reportOverdueSince: null }),
      ]),
    ).toMatch(/not flagged/);
    const done = send(lapsed, ev('CONCLUDE', { conclusion: 'cleared', reason: 'r' }, day(41)));
    expect(done.context.conclusion).toMatchObject({ late: true });
    const forgot = { ...done.context, conclusion: { ...done.context.conclusion!, late: false } };
    expect(rule('reportWithinAMonth').check([step(done, ev('CONCLUDE'), forgot)])).toMatch(/late: false/);
  });
});

describe('refusals name their rule', () => {
  it('each guard’s refusal names the rule it enforces', () => {
    const reply = ev('RECORD_REPLY', {
      ...replied().context.reply!,
      endorsement: { ...ENDORSEMENT, opinion: '' },
    });
    expect(wf.explainRefusal!(replied().context, reply as never)).toMatchObject({
      rule: 'replyEndorsedByPartyLeader',
      message: expect.stringMatching(/missing: opinion/),
    });
    const notDenied = replied(undefined, { ...replied().context.reply!, deniesAllegation: false });
    expect(wf.explainRefusal!(notDenied.context, ev('ASK_AGAIN') as never)).toMatchObject({
      rule: 'secondLetterOnDenial',
    });
    const escalate = ev('CONCLUDE', { conclusion: 'escalated' as never, reason: 'r' });
    expect(wf.explainRefusal!(talked().context, escalate as never)).toMatchObject({
      rule: 'problemGoesToVerification',
    });
    expect(ruleOfGuard('dateValid', talked().context, ev('RECORD_REPLY'))).toBe('replyLimitFromReceipt');
    expect(ruleOfGuard('dateValid', talked().context, ev('RECORD_TALK'))).toBeUndefined();
  });
});
