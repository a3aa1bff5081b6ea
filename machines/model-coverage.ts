import { getStateNodes, type AdjacencyMap } from '@xstate/graph';
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, EventObject } from 'xstate';

/**
 * For the model-based specs: every transition the machine declares (optionally only those whose
 * event type `counts`), and those no event of the explored graph takes, named `source --EVENT-->`.
 */
export function transitionCoverage<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject>(
  machine: AnyStateMachine,
  explored: AdjacencyMap<TSnapshot, TEvent>,
  counts: (eventType: string) => boolean = () => true,
) {
  const taken = new Set<unknown>();
  for (const { state, transitions } of Object.values(explored)) {
    for (const { event } of Object.values(transitions) as { event: TEvent }[]) {
      for (const t of machine.getTransitionData(state, event)) {
        taken.add(t);
      }
    }
  }
  const all = getStateNodes(machine).flatMap((n: AnyStateNode) =>
    [...n.transitions.entries()].filter(([type]) => counts(type)).flatMap(([, ts]) => ts),
  );
  const missed = all.filter((t) => !taken.has(t)).map((t) => `${t.source.id} --${t.eventType}-->`);
  return { all, missed };
}
