import { assign, setup } from 'xstate';
import type { MachineEvent, WorkflowDefinition, WorkflowRule } from '../workflow.types';
import { checkRules } from './rule-checker';

interface Ctx {
  reviews: number;
  signedBy: string[];
}

const machine = setup({
  types: {} as { context: Ctx; events: MachineEvent },
  guards: {
    reviewed: ({ context }) => context.reviews > 0,
  },
}).createMachine({
  id: 'paper',
  context: { reviews: 0, signedBy: [] },
  initial: 'draft',
  states: {
    draft: {
      on: {
        REVIEW: { actions: assign({ reviews: ({ context }) => context.reviews + 1 }) },
        SIGN: { actions: assign({ signedBy: ({ context, event }) => [...context.signedBy, event.actor] }) },
        PUBLISH: { guard: 'reviewed', target: 'published' },
        WITHDRAW: { target: 'withdrawn' },
      },
    },
    published: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});

const events = (_: unknown, at: string): MachineEvent[] => [
  { type: 'REVIEW', payload: {}, at, actor: 'ann' },
  { type: 'SIGN', payload: {}, at, actor: 'ann' },
  { type: 'SIGN', payload: {}, at, actor: 'bob' },
  { type: 'PUBLISH', payload: {}, at, actor: 'ann' },
  { type: 'WITHDRAW', payload: {}, at, actor: 'ann' },
];

const reviewedFirst: WorkflowRule<Ctx> = {
  id: 'reviewedFirst',
  source: { zh: '示例第一条', en: 'Example Art 1' },
  text: { zh: '未经审阅不得发布', en: 'nothing is published unreviewed' },
  check: (path) => {
    const last = path[path.length - 1];
    return last.matches('published') && last.context.reviews === 0 ? 'published without a review' : null;
  },
};

const twoSigners: WorkflowRule<Ctx> = {
  id: 'twoSigners',
  source: { zh: '示例第二条', en: 'Example Art 2' },
  text: { zh: '发布前须两人签字', en: 'two people sign before publication' },
  check: (path) => {
    const last = path[path.length - 1];
    return last.matches('published') && new Set(last.context.signedBy).size < 2
      ? `published with ${new Set(last.context.signedBy).size} signer(s)`
      : null;
  },
};

function workflow(list: WorkflowRule<Ctx>[], maxDepth: number): WorkflowDefinition {
  return {
    name: 'paper',
    version: 1,
    machine,
    rules: { list, model: { inputs: { plain: {} }, events, maxDepth } },
  } as unknown as WorkflowDefinition;
}

describe('the rule checker', () => {
  it('judges every rule on every path and reports a rule the guard keeps as holding', () => {
    const report = checkRules(workflow([reviewedFirst], 4));
    const [result] = report.results;
    expect(result.counterExample).toBeNull();
    // The openings plus one path per transition taken; the walk stops at the depth bound.
    expect(report.paths).toBeGreaterThan(20);
    expect(result.paths).toBe(report.paths);
    expect(report.bounded).toBe(true);
  });

  it('gives the shortest path that breaks a rule the machine does not enforce', () => {
    const report = checkRules(workflow([reviewedFirst, twoSigners], 5));
    const broken = report.results.find((r) => r.rule.id === 'twoSigners')!;
    expect(broken.counterExample).toEqual({
      path: ['(opened) draft', 'REVIEW → draft', 'PUBLISH → published'],
      message: 'published with 0 signer(s)',
    });
    expect(report.results.find((r) => r.rule.id === 'reviewedFirst')!.counterExample).toBeNull();
  });

  it('expands a snapshot once, from the shortest path that reaches it', () => {
    // REVIEW twice and SIGN twice in any order reach the same snapshots: expanded once each.
    const shallow = checkRules(workflow([reviewedFirst], 2));
    const deeper = checkRules(workflow([reviewedFirst], 3));
    expect(deeper.snapshots).toBeGreaterThan(shallow.snapshots);
    expect(shallow.snapshots).toBeLessThan(1 + 4 + 16);
  });

  it('reports nothing for a workflow without rules', () => {
    const report = checkRules({ ...workflow([], 3), rules: undefined } as WorkflowDefinition);
    expect(report).toMatchObject({ paths: 0, results: [] });
  });
});
