import { initialTransition, transition } from 'xstate';
import { ev, INPUT, PATH, start } from '../machines/accountability.fixtures';
import { accountabilityWorkflow } from './accountability.workflow';
import type { WorkflowDefinition } from '../src/engine/workflow.types';
import { ChinaBusinessCalendar, workingDaysFrom } from '../src/engine/deadlines/business-calendar';
import { DeadlinePlanner } from '../src/engine/deadlines/deadline.planner';

function planner(overrides: Record<string, string> = {}): DeadlinePlanner {
  return new DeadlinePlanner({ overrides, calendar: new ChinaBusinessCalendar(workingDaysFrom(undefined)) });
}

/** The workflow with the appeal window reported under another kind, so a delay name and its kind differ. */
const renamed: WorkflowDefinition = {
  ...accountabilityWorkflow,
  deadlines: {
    ...accountabilityWorkflow.deadlines,
    appealWindow: { ...accountabilityWorkflow.deadlines.appealWindow, kind: 'appeal' },
  },
};

const AT = '2026-05-04T02:00:00.000Z';

describe('DeadlinePlanner.duration', () => {
  it("uses the workflow policy's duration without overrides", () => {
    const p = planner();
    expect(p.duration(accountabilityWorkflow, 'investigation')).toBe('P3M');
    expect(p.duration(accountabilityWorkflow, 'appealWindow')).toBe('P1M');
  });

  it('overrides by delay name', () => {
    const p = planner({ appealWindow: 'PT3S' });
    expect(p.duration(renamed, 'appealWindow')).toBe('PT3S');
    expect(p.duration(renamed, 'investigation')).toBe('P3M');
  });

  it('overrides by kind', () => {
    const p = planner({ appeal: 'PT5S' });
    expect(p.duration(renamed, 'appealWindow')).toBe('PT5S');
    expect(p.duration(accountabilityWorkflow, 'appealWindow')).toBe('P1M'); // kind appealWindow there
  });

  it('prefers the delay name over the kind', () => {
    const p = planner({ appeal: 'PT5S', appealWindow: 'PT3S' });
    expect(p.duration(renamed, 'appealWindow')).toBe('PT3S');
  });
});

describe('DeadlinePlanner.plan', () => {
  it('turns the delayed raise of entering investigation into a pending row due after the override', () => {
    const p = planner({ investigation: 'PT2S' });
    const before = transition(accountabilityWorkflow.machine, start(), ev('ACCEPT'))[0];
    const [after, actions] = transition(
      accountabilityWorkflow.machine,
      before,
      ev('APPROVE_INVESTIGATION', {}, AT),
    );
    const steps = p.plan(accountabilityWorkflow, actions, after.context, { id: 'case-1', unitId: 'u1' }, AT);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({
      op: 'schedule',
      row: {
        caseId: 'case-1',
        kind: 'investigation',
        dueAt: '2026-05-04T02:00:02.000Z',
        status: 'pending',
        sendId: 'xstate.after.investigation.accountability.investigation',
        flagsOverdue: true,
        createdAt: AT,
        firedAt: null,
        settledAt: null,
      },
    });
  });

  it('runs the policy due hook on the overridden duration (appeal window from the delivery date)', () => {
    const p = planner({ appealWindow: 'PT3S' });
    let snap = start();
    for (const e of [...PATH.decision, ev('DECIDE', undefined, AT)])
      snap = transition(accountabilityWorkflow.machine, snap, e)[0];
    const deliveredAt = '2026-05-05T08:00:00.000Z';
    const [after, actions] = transition(
      accountabilityWorkflow.machine,
      snap,
      ev(
        'DELIVER',
        { deliveredAt, recipients: [{ kind: 'subject', name: 'Zhang San' }] },
        '2026-05-06T00:00:00.000Z',
      ),
    );
    const rows = p
      .plan(
        accountabilityWorkflow,
        actions,
        after.context,
        { id: 'case-2', unitId: 'u1' },
        '2026-05-06T00:00:00.000Z',
      )
      .flatMap((s) => (s.op === 'schedule' ? [s.row] : []));
    const window = rows.find((r) => r.kind === 'appealWindow');
    expect(window?.dueAt).toBe('2026-05-05T08:00:03.000Z');
    expect(window?.flagsOverdue).toBe(false);
    // Leaving notification cancels the delivery limit.
    expect(
      p.plan(accountabilityWorkflow, actions, after.context, { id: 'case-2', unitId: 'u1' }, AT),
    ).toContainEqual({
      op: 'cancel',
      sendId: 'xstate.after.delivery.accountability.notification',
    });
  });

  it('cancels the pending deadline when the state is left', () => {
    const p = planner();
    let snap = start();
    for (const e of PATH.investigation) snap = transition(accountabilityWorkflow.machine, snap, e)[0];
    snap = transition(accountabilityWorkflow.machine, snap, ev('RECORD_STATEMENT'))[0];
    const [after, actions] = transition(accountabilityWorkflow.machine, snap, ev('SUBMIT_REPORT'));
    expect(
      p.plan(accountabilityWorkflow, actions, after.context, { id: 'case-3', unitId: 'u1' }, AT),
    ).toEqual([{ op: 'cancel', sendId: 'xstate.after.investigation.accountability.investigation' }]);
  });

  it('schedules nothing for a state without time limits', () => {
    const [snapshot, actions] = initialTransition(accountabilityWorkflow.machine, INPUT);
    expect(
      planner().plan(accountabilityWorkflow, actions, snapshot.context, { id: 'case-4', unitId: 'u1' }, AT),
    ).toEqual([]);
  });

  it('refuses a delay the workflow has no policy for', () => {
    const { investigation: _dropped, ...others } = accountabilityWorkflow.deadlines;
    const wf = { ...accountabilityWorkflow, deadlines: others };
    const actions = [
      {
        type: 'xstate.raise',
        params: { id: 'xstate.after.investigation.accountability.investigation', delay: 1 },
      },
    ];
    expect(() => planner().plan(wf, actions, {}, { id: 'case-5', unitId: 'u1' }, AT)).toThrow(
      'no deadline policy for delay "investigation"',
    );
  });
});
