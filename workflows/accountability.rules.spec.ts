/*
 * The accountability procedure's rules (version 2), proven over every path of its machine, and each
 * shown able to fail: with the guard that enforces it let through, or on version 1's machine (which let
 * the officer decline alone), the checker finds a counter-example naming the rule.
 */
import type { AnyStateMachine } from 'xstate';
import { checkRules, type WorkflowRuleReport } from '../src/engine/rules/rule-checker';
import type { PathStep, WorkflowDefinition } from '../src/engine/workflow.types';
import type { AccountabilityContext } from '../machines/accountability.types';
import { accountabilityWorkflow } from './accountability.workflow';
import { ACCOUNTABILITY_RULE_LIST, impactPeriodsRule } from './accountability.rules';
import { impactRule as impactRuleV1 } from './v1/accountability.policy';
import { accountabilityWorkflowV1 } from './v1/accountability.workflow';

const wf = accountabilityWorkflow as unknown as WorkflowDefinition;

function broken(report: WorkflowRuleReport): string[] {
  return report.results.filter((r) => r.counterExample).map((r) => r.rule.id);
}

/** The checker on the real rules and model, over a machine with `guard` always passing. */
function withGuardOpen(guard: string): WorkflowRuleReport {
  const machine = (wf.machine as AnyStateMachine).provide({ guards: { [guard]: () => true } });
  return checkRules({ ...wf, machine } as WorkflowDefinition);
}

const rule = (id: string) => ACCOUNTABILITY_RULE_LIST.find((r) => r.id === id)!;

describe('accountability rules (version 2)', () => {
  let report: WorkflowRuleReport;
  beforeAll(() => {
    report = checkRules(wf);
  });

  it('every rule holds on every path of the machine, both for a person and for an organisation', () => {
    expect(report.results.map((r) => r.rule.id)).toEqual(ACCOUNTABILITY_RULE_LIST.map((r) => r.id));
    expect(broken(report)).toEqual([]);
    expect(report.paths).toBeGreaterThan(1000);
  });

  it('the walk reaches every outcome, so the rules are judged where they matter', () => {
    const outcomes = new Set<string>();
    const machine = wf.machine as AnyStateMachine;
    const seen = checkRules({
      ...wf,
      machine,
      rules: {
        ...wf.rules!,
        list: [
          {
            id: 'collect',
            source: { zh: '', en: '' },
            text: { zh: '', en: '' },
            check: (path: readonly PathStep[]) => {
              const ctx = path[path.length - 1].context as AccountabilityContext;
              if (ctx.outcome) outcomes.add(`${ctx.subject.kind}:${ctx.outcome}`);
              return null;
            },
          },
        ],
      },
    } as WorkflowDefinition);
    expect(seen.results[0].counterExample).toBeNull();
    for (const o of [
      'declined',
      'merged',
      'rejected',
      'noAccountability',
      'transferred',
      'accountable',
      'revoked',
      'corrected',
    ])
      expect(outcomes).toContain(`individual:${o}`);
    expect(outcomes).toContain('organisation:accountable');
  });

  it.each([
    ['statementHeard', 'hearingBeforeOpinion', '2009 Art 14: the subject is heard first'],
    ['situationListed', 'situationListed', '2019 Art 7: the situation is one of the list (fix 9)'],
    ['measuresFitSubject', 'measuresFitSubject', '2019 Art 8: measures fit the subject'],
    [
      'leadershipNamed',
      'organisationNamesLeadership',
      "2019 Art 8: an organisation's leadership is named (fix 1)",
    ],
    [
      'leadersPursued',
      'seriousMattersPursueLeaders',
      '一案双查, seeds 2 and 4: the leaders are pursued (fix 1)',
    ],
    [
      'responsibilitiesNamed',
      'linkedCasesNameResponsibility',
      '2019 Art 6: every linked case names a responsibility',
    ],
    [
      'dutiesDone',
      'accountableAfterDuties',
      '2019 Art 19, 2016 Art 9: self-review, publication, filing (fix 4)',
    ],
    ['rectificationClosed', 'accountableAfterRectification', 'the decision: rectification verified first'],
    ['datesPlausible', 'deliveryAfterDecision', 'Rules Art 56: delivered after the decision'],
  ])('with guard %s let through, the checker breaks %s (%s)', (guard, id) => {
    const open = withGuardOpen(guard);
    expect(broken(open)).toContain(id);
    expect(rule(id).guards).toContain(guard);
    const counter = open.results.find((r) => r.rule.id === id)!.counterExample!;
    expect(counter.path.length).toBeGreaterThan(1);
  });

  it('2019 Art 9 and the seeds ("blind eye"): on version 1, where the officer declined alone, declineNeedsLeader breaks', () => {
    const v1 = { ...(accountabilityWorkflowV1 as unknown as WorkflowDefinition), rules: wf.rules };
    const result = checkRules(v1).results.find((r) => r.rule.id === 'declineNeedsLeader')!;
    expect(result.counterExample).toMatchObject({
      path: ['(opened) proposed', 'DECLINE → closed'],
      message: 'declined by DECLINE',
    });
  });

  it('2019 Art 9: approval before an investigation, and no investigation of a merged case, fail on paths that break them', () => {
    const step = (
      state: string,
      context: Partial<AccountabilityContext>,
    ): PathStep<AccountabilityContext> => ({
      event: null,
      state,
      matches: (p) => state.startsWith(p),
      context: { approval: null, mergedInto: null, ...context } as AccountabilityContext,
      status: 'active',
    });
    expect(rule('approvalBeforeInvestigation').check([step('investigation', {})])).toMatch(
      /without the leader/,
    );
    expect(rule('mergedNotInvestigated').check([step('investigation', { mergedInto: 'DIS-1' })])).toMatch(
      /merged case was investigated/,
    );
  });

  it("2009 Art 12 and the cadre selection rules (fix 3): judged with version 1's impact periods, impactPeriodsComplete breaks", () => {
    // Version 1's policy: one rule per measure, no higher-post bar, no appraisal loss for suspension.
    const v1Rules = (kind: 'individual' | 'organisation', type: string, detail?: string) => {
      const rule = impactRuleV1(kind, type, detail);
      return rule === undefined ? [] : [rule];
    };
    const withV1Policy = {
      ...wf,
      rules: { ...wf.rules!, list: [impactPeriodsRule(v1Rules)] },
    } as WorkflowDefinition;
    const result = checkRules(withV1Policy).results[0];
    expect(result.rule.id).toBe('impactPeriodsComplete');
    expect(result.counterExample?.message).toMatch(
      /organisationalHandling (removal|orderedResignation) lacks P2Y/,
    );
    expect(result.counterExample?.path.at(-1)).toMatch(/^DECIDE → notification/);
  });

  it('version 1 declares no rules: it is what was deployed', () => {
    expect(accountabilityWorkflowV1.rules).toBeUndefined();
    expect(accountabilityWorkflowV1.version).toBe(1);
    expect(accountabilityWorkflow.version).toBe(2);
  });
});
