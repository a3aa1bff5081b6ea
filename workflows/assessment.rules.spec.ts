/*
 * The annual assessment's named rules, proven over every path of the real machine, and each shown able
 * to fail: the checker, run on the machine with the rule's guard (or the action or transition it rests
 * on) taken away, finds the shortest path that breaks it.
 */
import { createMachine, type AnyStateMachine } from 'xstate';
import { assessmentMachine } from '../machines/assessment.machine';
import { checkRules } from '../src/engine/rules/rule-checker';
import type { WorkflowDefinition } from '../src/engine/workflow.types';
import { RULE_LIST } from './assessment.rules';
import { assessmentWorkflow as wf } from './assessment.workflow';
import { assessmentWorkflowV1 } from './v1/assessment.workflow';

const yes = () => true;

/** The checker's report on the workflow with another machine. */
const checkWith = (machine: AnyStateMachine) => checkRules({ ...wf, machine } as WorkflowDefinition);

function brokenRules(machine: AnyStateMachine) {
  return checkWith(machine)
    .results.filter((r) => r.counterExample)
    .map((r) => r.rule.id);
}

function counterExample(machine: AnyStateMachine, rule: string) {
  return checkWith(machine).results.find((r) => r.rule.id === rule)?.counterExample;
}

describe('assessment rules (version 2): every rule holds on every path', () => {
  const report = checkRules(wf);

  it('lists each rule with its source and text in both languages', () => {
    expect(report.results.map((r) => r.rule.id)).toEqual([
      'stagesInOrder',
      'scoresFitPlan',
      'datesInOrder',
      'midYearCheckOnce',
      'lapsesRecorded',
      'gradeFollowsScore',
      'failReachesBoth',
      'noRewardOnFail',
    ]);
    for (const { rule } of report.results) {
      expect(rule.source.zh).not.toBe('');
      expect(rule.source.en).not.toBe('');
      expect(rule.text.zh).not.toBe('');
      expect(rule.text.en).not.toBe('');
    }
  });

  it('walks every path to its end (no depth bound reached), and no rule is broken', () => {
    expect(report.results.filter((r) => r.counterExample)).toEqual([]);
    expect(report.bounded).toBe(false);
    expect(report.paths).toBeGreaterThan(300);
    for (const r of report.results) expect(r.paths).toBe(report.paths);
  });

  it('names only guards the machine has; version 1 (as deployed) declares no rules', () => {
    const guards = Object.keys(assessmentMachine.implementations.guards);
    for (const rule of RULE_LIST) for (const g of rule.guards ?? []) expect(guards).toContain(g);
    expect(assessmentWorkflowV1.rules).toBeUndefined();
    expect(assessmentWorkflowV1.version).toBe(1);
    expect(wf.version).toBe(2);
  });
});

describe('assessment rules: each can fail', () => {
  it('seeds (grade bands, local practice): gradeFollowsScore fails without its guard', () => {
    const machine = assessmentMachine.provide({ guards: { gradeFollowsScore: yes } });
    expect(brokenRules(machine)).toEqual(['gradeFollowsScore']);
    expect(counterExample(machine, 'gradeFollowsScore')?.path.at(-1)).toMatch(/^DECIDE_GRADE → feedback/);
  });

  it('2019 Art 6, seeds (主体责任 and 监督责任): failReachesBoth fails when a fail is decided before the supervisory person is named', () => {
    const machine = assessmentMachine.provide({ guards: { responsiblePersonsNamed: yes } });
    expect(brokenRules(machine)).toEqual(['failReachesBoth']);
    expect(counterExample(machine, 'failReachesBoth')?.message).toBe(
      'the fail opened no accountability case against the supervisor',
    );
  });

  it('seeds (考核结果运用, local practice): noRewardOnFail fails without its guard', () => {
    const machine = assessmentMachine.provide({ guards: { noRewardOnFail: yes } });
    expect(brokenRules(machine)).toEqual(['noRewardOnFail']);
  });

  it('seeds (indicator plan): scoresFitPlan fails without its guard', () => {
    const machine = assessmentMachine.provide({ guards: { scoresFitPlan: yes } });
    expect(brokenRules(machine)).toEqual(['scoresFitPlan']);
    expect(counterExample(machine, 'scoresFitPlan')?.path).toEqual([
      '(opened) selfAssessment',
      'SUBMIT_SELF_ASSESSMENT → onSite',
    ]);
  });

  it('seeds (every step a true record; the mid-year check once): datesInOrder and midYearCheckOnce fail without their guard', () => {
    const machine = assessmentMachine.provide({ guards: { accepted: yes } });
    expect(brokenRules(machine)).toEqual(['datesInOrder', 'midYearCheckOnce']);
  });

  it('seeds (every time limit watched): lapsesRecorded fails when a limit passes unrecorded', () => {
    const machine = assessmentMachine.provide({ actions: { recordLapse: () => undefined } });
    expect(brokenRules(machine)).toEqual(['lapsesRecorded']);
  });

  it('seeds (the stages in order): stagesInOrder fails when a grade can be decided before the on-site assessment', () => {
    const config = assessmentMachine.config as unknown as {
      states: Record<string, { on?: Record<string, object> }>;
    };
    const decide = { ...config.states.grading.on!.DECIDE_GRADE, guard: undefined };
    const onSite = config.states.onSite;
    const shortcut = createMachine(
      {
        ...(assessmentMachine.config as object),
        states: { ...config.states, onSite: { ...onSite, on: { ...onSite.on, DECIDE_GRADE: decide } } },
      } as Parameters<typeof createMachine>[0],
      assessmentMachine.implementations as Parameters<typeof createMachine>[1],
    ) as unknown as AnyStateMachine;
    expect(brokenRules(shortcut)).toContain('stagesInOrder');
    expect(counterExample(shortcut, 'stagesInOrder')).toEqual({
      path: ['(opened) selfAssessment', 'SUBMIT_SELF_ASSESSMENT → onSite', 'DECIDE_GRADE → feedback'],
      message: 'the grade was recorded without the on-site assessment',
    });
  });
});
