import type { AnyStateMachine } from 'xstate';

interface StateNodeLike {
  initial?: { target: readonly StateNodeLike[] };
  id: string;
  key: string;
  type: string;
  path: string[];
  states: Record<string, StateNodeLike>;
  transitions: Map<string, { target?: readonly StateNodeLike[]; reenter?: boolean }[]>;
  /** Eventless transitions, taken as soon as the state is entered (a transient state's choice). */
  always?: readonly { target?: readonly StateNodeLike[]; reenter?: boolean }[];
}

/** The event type the graph gives eventless (`always`) transitions. */
export const ALWAYS = 'xstate.always';

/**
 * The machine as nodes and edges; `after` edges carry the delay's event type, eventless (`always`)
 * edges `xstate.always`.
 */
export function graph(machine: AnyStateMachine) {
  const states: { id: string; path: string; key: string; type: string; parent: string | null }[] = [];
  const transitions: { source: string; event: string; targets: string[]; reenter: boolean }[] = [];
  const walk = (node: StateNodeLike, parent: string | null) => {
    const path = node.path.join('.');
    if (node.path.length) states.push({ id: node.id, path, key: node.key, type: node.type, parent });
    const eventless: [string, typeof node.always & object][] = node.always?.length
      ? [[ALWAYS, node.always]]
      : [];
    for (const [event, defs] of [...node.transitions, ...eventless]) {
      for (const def of defs) {
        transitions.push({
          source: path,
          event,
          targets: (def.target ?? []).map((t) => t.path.join('.')),
          reenter: Boolean(def.reenter),
        });
      }
    }
    for (const child of Object.values(node.states)) walk(child, node.path.length ? path : null);
  };
  walk(machine.root as unknown as StateNodeLike, null);
  const root = machine.root as unknown as StateNodeLike;
  return { id: machine.id, initial: root.initial?.target[0]?.path.join('.') ?? null, states, transitions };
}
