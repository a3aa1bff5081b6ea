import { assign } from 'xstate';
import type { ResponsibilityListContext } from '../machines/responsibility-list.types';
import { checkRules } from '../src/engine/rules/rule-checker';
import type { WorkflowDefinition, WorkflowRule } from '../src/engine/workflow.types';
import { RULES } from './responsibility-list.rules';
import { responsibilityListWorkflow } from './responsibility-list.workflow';

type Implementations = Parameters<WorkflowDefinition['machine']['provide']>[0];

/** The workflow with some of its machine's guards or actions replaced: what the rules must catch. */
const tampered = (implementations: Implementations): WorkflowDefinition => ({
  ...responsibilityListWorkflow,
  machine: responsibilityListWorkflow.machine.provide(implementations),
});

const broken = (wf: WorkflowDefinition): string[] =>
  checkRules(wf)
    .results.filter((r) => r.counterExample)
    .map((r) => r.rule.id);

const reaches = (
  id: string,
  where: (c: ResponsibilityListContext) => boolean,
): WorkflowRule<ResponsibilityListContext> => ({
  id,
  source: { zh: '测试', en: 'test' },
  text: { zh: id, en: id },
  check: (path) => (where(path[path.length - 1].context) ? 'reached' : null),
});

describe('the rules of the responsibility list, version 2', () => {
  it('every rule holds on every path of the real machine', () => {
    const report = checkRules(responsibilityListWorkflow);
    expect(report.results.map((r) => r.rule.id)).toEqual(RULES.map((r) => r.id));
    expect(report.results.filter((r) => r.counterExample)).toEqual([]);
    expect(report.paths).toBeGreaterThan(1000);
  });

  it('the walk reaches a 倒查, an explained summary and an archived list (so the rules are judged there)', () => {
    const probes = [
      reaches('referred', (c) => (c.referrals ?? []).length > 0),
      reaches('explained', (c) => (c.yearEndSummary?.explanations ?? []).length > 0),
      reaches('archived', (c) => c.outcome === 'archived'),
    ];
    const wf = {
      ...responsibilityListWorkflow,
      rules: { ...responsibilityListWorkflow.rules!, list: probes },
    };
    expect(broken(wf as WorkflowDefinition).sort()).toEqual(['archived', 'explained', 'referred']);
  });

  it('issue 18 fix 7: a signature by someone not named on the list, or without an opinion, is caught', () => {
    const wf = tampered({ guards: { canSign: () => true } });
    expect(broken(wf)).toEqual(
      expect.arrayContaining(['signedByNamedPerson', 'reviewOpinion', 'bothSidesSign']),
    );
  });

  it('issue 18 fix 7: publishing tasks without their standard, safeguards and supervising body is caught', () => {
    expect(broken(tampered({ guards: { tasksComplete: () => true } }))).toContain('tasksCarryStandards');
  });

  it('issue 18 fix 7: a task lapsing without the 督办 notice is caught', () => {
    expect(broken(tampered({ actions: { autoNotice: assign({}) } }))).toContain('taskLapseIssuesNotice');
  });

  it('2019 条例 Art 6, issue 18 fix 7: a 倒查 without a notice is caught', () => {
    expect(broken(tampered({ guards: { canEscalate: () => true } }))).toContain(
      'taskReferralReachesResponsible',
    );
  });

  it('issue 18 fix 7: a summary leaving an overdue task unexplained is caught', () => {
    expect(broken(tampered({ guards: { summaryExplained: () => true } }))).toContain(
      'summaryExplainsOverdue',
    );
  });
});
