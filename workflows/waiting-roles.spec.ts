/*
 * The inbox's read model asks takenEvents (probing only the events the active state nodes have a
 * transition for) where the API asks allowedEvents (probing every event): over the states each
 * procedure reaches from its sample start (breadth first, each event sent with its sample payload and
 * with none), both give the same events in the same order, and waitingRoles is built from them.
 */
import type { AnyMachineSnapshot } from 'xstate';
import * as accountability from '../machines/accountability.fixtures';
import * as assessment from '../machines/assessment.fixtures';
import * as inquiry from '../machines/inquiry.fixtures';
import * as rectification from '../machines/rectification.fixtures';
import * as responsibilityList from '../machines/responsibility-list.fixtures';
import { serialiseSnapshot } from '../src/engine/machine-snapshot';
import { allowedEvents, pureTransition } from '../src/engine/transition.step';
import { takenEvents, waitingRoles } from '../src/engine/waiting/waiting-roles';
import type { WorkflowDefinition } from '../src/engine/workflow.types';
import { WORKFLOWS } from './index';

interface Fixture {
  start: () => AnyMachineSnapshot;
  SAMPLE: Record<string, unknown>;
  day: (n: number) => string;
}
const FIXTURES: Fixture[] = [accountability, assessment, inquiry, rectification, responsibilityList].map(
  (f) => ({ start: f.start as () => AnyMachineSnapshot, SAMPLE: f.SAMPLE, day: f.day }),
);
const MAX_STATES = 400;

/** The states reached from `start`, breadth first, each with the events the machine takes. */
function reachable(wf: WorkflowDefinition, fixture: Fixture): AnyMachineSnapshot[] {
  const start = fixture.start();
  const seen = new Set([serialiseSnapshot(start)]);
  const queue = [start];
  const out: AnyMachineSnapshot[] = [];
  while (queue.length && out.length < MAX_STATES) {
    const s = queue.shift()!;
    out.push(s);
    for (const type of allowedEvents(wf, s)) {
      for (const payload of [fixture.SAMPLE[type] ?? {}, {}]) {
        const event = { type, payload, at: fixture.day(400), actor: 'someone' };
        let next: AnyMachineSnapshot;
        try {
          if (!s.can(event)) continue;
          next = pureTransition(wf.machine, s, event)[0];
        } catch {
          continue;
        }
        const key = serialiseSnapshot(next);
        if (seen.has(key)) continue;
        seen.add(key);
        queue.push(next);
      }
    }
  }
  return out;
}

describe('takenEvents: the events allowedEvents gives, probing only those with a transition', () => {
  const cases = FIXTURES.map((fixture) => {
    const machine = fixture.start().machine;
    const wf = WORKFLOWS.find((w) => w.machine === machine);
    return { fixture, wf };
  });

  it('has a workflow for each sample machine', () => {
    expect(cases.every((c) => c.wf !== undefined)).toBe(true);
  });

  it.each(cases.map((c) => [c.wf!.name, c] as const))(
    '%s: equal in every reached state',
    (_, { wf, fixture }) => {
      const states = reachable(wf!, fixture);
      expect(states.length).toBeGreaterThan(3);
      const differing = states
        .map((s) => ({
          state: JSON.stringify(s.value),
          allowed: allowedEvents(wf!, s),
          taken: takenEvents(wf!, s),
        }))
        .filter((d) => JSON.stringify(d.allowed) !== JSON.stringify(d.taken));
      expect(differing).toEqual([]);
      // Some state waits for someone, and a final one for no one.
      expect(states.some((s) => waitingRoles(wf!, s, 'active').length > 0)).toBe(true);
      expect(
        states.filter((s) => s.status !== 'active').every((s) => waitingRoles(wf!, s, 'active').length === 0),
      ).toBe(true);
    },
  );

  it('a closed case waits for no one, whatever its machine still takes', () => {
    const { wf, fixture } = cases[0];
    expect(waitingRoles(wf!, fixture.start(), 'closed')).toEqual([]);
    expect(waitingRoles(wf!, fixture.start(), 'active').length).toBeGreaterThan(0);
  });
});
