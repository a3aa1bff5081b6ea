import { assign } from 'xstate';
import { checkRules } from '../src/engine/rules/rule-checker';
import type { WorkflowDefinition, WorkflowRule } from '../src/engine/workflow.types';
import type { RectificationContext } from '../machines/rectification.types';
import { RULES } from './rectification.rules';
import { rectificationWorkflow } from './rectification.workflow';

type Implementations = Parameters<WorkflowDefinition['machine']['provide']>[0];

/** The workflow with some of its machine's guards or actions replaced: what the rules must catch. */
const tampered = (implementations: Implementations): WorkflowDefinition => ({
  ...rectificationWorkflow,
  machine: rectificationWorkflow.machine.provide(implementations),
});

function broken(wf: WorkflowDefinition): Record<string, string[]> {
  const report = checkRules(wf);
  return Object.fromEntries(
    report.results.filter((r) => r.counterExample).map((r) => [r.rule.id, r.counterExample!.path]),
  );
}

const never = (id: string, what: string): WorkflowRule<RectificationContext> => ({
  id,
  source: { zh: '测试', en: 'test' },
  text: { zh: what, en: what },
  check: (path) => {
    const c = path[path.length - 1];
    return what === 'referral' && (c.context.referrals ?? []).length > 1
      ? 'two referrals'
      : what === 'closed' && c.context.outcome
        ? 'closed'
        : what === 'planOverdue' && c.matches('planOverdue')
          ? 'late plan'
          : null;
  },
});

describe('the rules of the rectification follow-up, version 2', () => {
  it('every rule holds on every path of the real machine', () => {
    const report = checkRules(rectificationWorkflow);
    expect(report.results.map((r) => r.rule.id)).toEqual(RULES.map((r) => r.id));
    expect(report.results.filter((r) => r.counterExample)).toEqual([]);
    expect(report.paths).toBeGreaterThan(1000);
  });

  it('the walk reaches a late plan, a second 倒查 and a closed case (so the rules are judged there)', () => {
    const probes = [never('late', 'planOverdue'), never('twice', 'referral'), never('closed', 'closed')];
    const wf = { ...rectificationWorkflow, rules: { ...rectificationWorkflow.rules!, list: probes } };
    expect(Object.keys(broken(wf as WorkflowDefinition)).sort()).toEqual(['closed', 'late', 'twice']);
  });

  it('issue 18 fix 8 (the plan time limit): a lapse not recorded is caught', () => {
    const wf = tampered({ actions: { recordPlanLapse: assign({}) } });
    expect(broken(wf)).toHaveProperty('planWithinTimeLimit');
  });

  it('issue 18 fix 8 (督办 by itself): a lapse that issues no notice is caught', () => {
    const wf = tampered({ actions: { autoNotice: assign({}) } });
    expect(broken(wf)).toHaveProperty('lapseIssuesNotice');
  });

  it('domain.md, rectification by the due date: an item passing its date unflagged is caught', () => {
    const wf = tampered({ guards: { somethingDue: () => false } });
    expect(broken(wf)).toHaveProperty('itemsFlaggedWhenDue');
  });

  it('the procedure (督办、约谈 before 倒查): a referral without a notice and a talk is caught', () => {
    const wf = tampered({ guards: { canEscalate: () => true } });
    expect(Object.keys(broken(wf))).toContain('noticeAndTalkBeforeReferral');
  });

  it('2019 条例 Art 6–7, issue 18 fix 1: a 倒查 that misses the supervisor or an item owner is caught', () => {
    const wf = tampered({ guards: { canEscalate: () => true, planNamesEveryone: () => true } });
    expect(Object.keys(broken(wf))).toContain('referralReachesResponsible');
  });

  it('2019 条例 Art 6–7, issue 18 fix 1: a plan naming nobody for an item is caught', () => {
    const wf = tampered({ guards: { planNamesEveryone: () => true } });
    expect(broken(wf)).toHaveProperty('planNamesResponsible');
  });

  it('the procedure (核查销号): closing on a failed verification is caught', () => {
    const wf = tampered({ guards: { passed: () => true } });
    expect(broken(wf)).toHaveProperty('verifiedBeforeClosing');
  });
});
