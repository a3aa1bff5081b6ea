import { and, assign, initialTransition, not, or, setup, transition } from 'xstate';
import { IllegalOperationError } from '../errors';
import { serialiseSnapshot } from '../machine-snapshot';
import { stepCase } from '../transition.step';
import type { MachineEvent, WorkflowDefinition, WorkflowRule } from '../workflow.types';
import { failedGuards, refusingRule } from './refusing-rule';

interface Ctx {
  reviews: number;
  signed: boolean;
  withdrawn: boolean;
}

const payloadOf = (event: MachineEvent) => event.payload as { copies?: number };

const machine = setup({
  types: {} as { context: Ctx; events: MachineEvent },
  guards: {
    reviewed: ({ context }) => context.reviews > 0,
    signed: ({ context }) => context.signed,
    withdrawn: ({ context }) => context.withdrawn,
    enoughCopies: ({ event }, params: { least: number }) =>
      event.probe === true || (payloadOf(event).copies ?? 0) >= params.least,
    // a named composite: its own name and its parts
    readyToPrint: and(['reviewed', 'signed']),
  },
}).createMachine({
  id: 'paper',
  context: { reviews: 0, signed: false, withdrawn: false },
  initial: 'draft',
  states: {
    draft: {
      on: {
        REVIEW: { actions: assign({ reviews: ({ context }) => context.reviews + 1 }) },
        SIGN: { actions: assign({ signed: true }) },
        WITHDRAW: { actions: assign({ withdrawn: true }) },
        PUBLISH: { guard: and(['reviewed', not('withdrawn')]), target: 'published' },
        ARCHIVE: { guard: or(['signed', 'withdrawn']), target: 'archived' },
        PRINT: [
          { guard: 'readyToPrint', target: 'printed' },
          { guard: { type: 'enoughCopies', params: { least: 2 } }, target: 'printed' },
        ],
        COPY: { guard: { type: 'enoughCopies', params: { least: 3 } }, target: 'printed' },
        SHRED: { guard: () => false, target: 'archived' },
      },
    },
    published: { type: 'final' },
    archived: { type: 'final' },
    printed: { type: 'final' },
  },
});

const rule = (id: string, guards: string[]): WorkflowRule => ({
  id,
  source: { zh: `示例${id}条`, en: `Example rule ${id}` },
  text: { zh: `${id}之规则`, en: `the ${id} rule` },
  check: () => null,
  guards,
});

const RULES = [
  rule('reviewFirst', ['reviewed']),
  rule('notWhenWithdrawn', ['withdrawn']),
  rule('signOrWithdraw', ['signed']),
  rule('copies', ['enoughCopies']),
];

const wf = {
  name: 'paper',
  version: 1,
  machine,
  events: { REVIEW: {}, SIGN: {}, WITHDRAW: {}, PUBLISH: {}, ARCHIVE: {}, PRINT: {}, COPY: {}, SHRED: {} },
  rules: { list: RULES, model: { inputs: {}, events: () => [], maxDepth: 0 } },
} as unknown as WorkflowDefinition;

const ev = (type: string, payload: Record<string, unknown> = {}): MachineEvent => ({
  type,
  payload,
  at: '2026-01-05T01:00:00.000Z',
  actor: 'ann',
});
const after = (...types: string[]) =>
  types.reduce((s, type) => transition(machine, s, ev(type))[0], initialTransition(machine)[0]);

describe('which guard refused an event, and the rule that names it', () => {
  it('blames the first failing part of an and', () => {
    expect(failedGuards(after(), ev('PUBLISH'))).toEqual(['reviewed']);
    expect(refusingRule(wf, after(), ev('PUBLISH'))?.id).toBe('reviewFirst');
  });

  it('blames what held inside a not', () => {
    expect(failedGuards(after('REVIEW', 'WITHDRAW'), ev('PUBLISH'))).toEqual(['withdrawn']);
    expect(refusingRule(wf, after('REVIEW', 'WITHDRAW'), ev('PUBLISH'))?.id).toBe('notWhenWithdrawn');
  });

  it('blames every part of a failed or', () => {
    expect(failedGuards(after(), ev('ARCHIVE'))).toEqual(['signed', 'withdrawn']);
    expect(refusingRule(wf, after(), ev('ARCHIVE'))?.id).toBe('signOrWithdraw');
  });

  it('names a composite guard and then its failing part; every candidate transition is judged', () => {
    expect(failedGuards(after('REVIEW'), ev('PRINT', { copies: 1 }))).toEqual([
      'readyToPrint',
      'signed',
      'enoughCopies',
    ]);
  });

  it('evaluates guards with their params and the event', () => {
    expect(refusingRule(wf, after(), ev('COPY', { copies: 2 }))?.id).toBe('copies');
    expect(failedGuards(after(), ev('COPY', { copies: 3 }))).toEqual([]);
  });

  it('names no rule for an inline guard or one no rule lists', () => {
    expect(failedGuards(after(), ev('SHRED'))).toEqual([]);
    expect(refusingRule(wf, after(), ev('SHRED'))).toBeUndefined();
  });
});

describe('a refusal names its rule', () => {
  const refusalOf = (types: string[], event: MachineEvent) => {
    try {
      stepCase(wf, { snapshot: serialiseSnapshot(after(...types)) }, event);
    } catch (error) {
      return error as IllegalOperationError;
    }
    throw new Error(`${event.type} was taken`);
  };

  it('a guard on the case: EVENT_NOT_ALLOWED, the rule in words and in details', () => {
    const error = refusalOf([], ev('PUBLISH'));
    expect(error.code).toBe('EVENT_NOT_ALLOWED');
    expect(error.message).toBe(
      'PUBLISH is not allowed in state draft yet (allowed now: REVIEW, SIGN, WITHDRAW, PRINT, COPY): ' +
        'the reviewFirst rule (rule reviewFirst, Example rule reviewFirst)',
    );
    expect(error.details).toMatchObject({
      state: 'draft',
      rule: {
        id: 'reviewFirst',
        source: { zh: '示例reviewFirst条', en: 'Example rule reviewFirst' },
        text: { zh: 'reviewFirst之规则', en: 'the reviewFirst rule' },
      },
    });
  });

  it('a guard on the payload: EVENT_GUARD_FAILED naming the rule whose guard failed', () => {
    const error = refusalOf([], ev('COPY', { copies: 1 }));
    expect(error.code).toBe('EVENT_GUARD_FAILED');
    expect(error.message).toMatch(/not with this payload: .* \(rule copies, Example rule copies\)$/);
    expect(error.details).toMatchObject({ rule: { id: 'copies' } });
  });

  it('the rule the workflow explains wins over the guard found', () => {
    const explaining = {
      ...wf,
      explainRefusal: () => ({ message: 'too few copies', rule: 'signOrWithdraw' }),
    } as WorkflowDefinition;
    let error: IllegalOperationError | undefined;
    try {
      stepCase(explaining, { snapshot: serialiseSnapshot(after()) }, ev('COPY', { copies: 1 }));
    } catch (e) {
      error = e as IllegalOperationError;
    }
    expect(error?.message).toBe(
      'COPY is allowed in state draft, but not with this payload: too few copies (rule signOrWithdraw, Example rule signOrWithdraw)',
    );
  });

  it('an explanation that names no rule names none, though a rule lists the guard that refused', () => {
    // A guard may serve several checks (dates of two events): the workflow says which one failed.
    const explaining = { ...wf, explainRefusal: () => 'a check no rule states' } as WorkflowDefinition;
    let error: IllegalOperationError | undefined;
    try {
      stepCase(explaining, { snapshot: serialiseSnapshot(after()) }, ev('COPY', { copies: 1 }));
    } catch (e) {
      error = e as IllegalOperationError;
    }
    expect(error?.code).toBe('EVENT_GUARD_FAILED');
    expect(error?.message).toBe(
      'COPY is allowed in state draft, but not with this payload: a check no rule states',
    );
    expect(error?.details).not.toHaveProperty('rule');
  });

  it('an event with no transition in the state names no rule', () => {
    const error = refusalOf([], ev('FLY'));
    expect(error.code).toBe('EVENT_NOT_ALLOWED');
    expect(error.details).not.toHaveProperty('rule');
    expect(error.message).toBe(
      'FLY is not allowed in state draft; allowed now: REVIEW, SIGN, WITHDRAW, PRINT, COPY',
    );
  });
});
