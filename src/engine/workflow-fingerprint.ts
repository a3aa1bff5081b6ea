import { createHash } from 'node:crypto';
import type { AnyStateMachine } from 'xstate';
import { canonicalJson } from './history/canonical-json';
import type { WorkflowDefinition } from './workflow.types';

type AnyStateNode = AnyStateMachine['root'];
interface TransitionLike {
  target?: readonly AnyStateNode[];
  guard?: unknown;
  reenter?: boolean;
  delay?: unknown;
}

/** One state of the canonical machine: its own shape, without its children (listed by path). */
export interface StateShape {
  type: string;
  initial?: string[];
  history?: unknown;
  on: Record<string, TransitionShape[]>;
  after: TransitionShape[];
  always: TransitionShape[];
}

interface TransitionShape {
  target: string[];
  guard?: unknown;
  reenter?: boolean;
  delay?: unknown;
}

/** What a deployed version's fingerprint covers: states, transitions, guards, targets, delays and their limits. */
export interface MachineShape {
  states: Record<string, StateShape>;
  deadlines: Record<string, unknown>;
}

/**
 * The machine of a workflow version as data, independent of the objects that built it: state paths
 * (relative to the root, so the machine's id does not matter), per state its type, initial child,
 * transitions by event with guard names and target paths, delayed and eventless transitions, and the
 * deadline policy of each delay. Actions, payload classes and labels are not part of it.
 */
export function machineShape(wf: WorkflowDefinition): MachineShape {
  const states: Record<string, StateShape> = {};
  const rootId = wf.machine.root.id;
  const visit = (node: AnyStateNode) => {
    states[pathOf(node)] = stateShape(node, rootId);
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child);
  };
  visit(wf.machine.root);
  const deadlines = Object.fromEntries(
    Object.entries(wf.deadlines).map(([delay, p]) => [
      delay,
      {
        kind: p.kind,
        duration: p.duration,
        flagsOverdue: p.flagsOverdue,
        overdueWhile: p.overdueWhile,
        due: !!p.due,
      },
    ]),
  );
  return { states, deadlines };
}

export function fingerprintOf(shape: MachineShape): string {
  return createHash('sha256').update(canonicalJson(shape)).digest('hex');
}

/** The state paths a case may be stored in (every state of the machine, the root as ''). */
export function statePaths(shape: MachineShape): Set<string> {
  return new Set(Object.keys(shape.states));
}

/** What differs between the shape recorded at first deployment and the one deployed now, in words. */
export function shapeDifferences(before: MachineShape, now: MachineShape): string[] {
  const was = Object.keys(before.states);
  const is = Object.keys(now.states);
  const named = (paths: string[]) => paths.map((p) => p || '(root)').join(', ');
  const out: string[] = [];
  const removed = was.filter((p) => !is.includes(p));
  const added = is.filter((p) => !was.includes(p));
  const changed = is.filter(
    (p) => was.includes(p) && canonicalJson(before.states[p]) !== canonicalJson(now.states[p]),
  );
  if (removed.length) out.push(`states removed: ${named(removed)}`);
  if (added.length) out.push(`states added: ${named(added)}`);
  if (changed.length) out.push(`transitions changed in: ${named(changed)}`);
  if (canonicalJson(before.deadlines) !== canonicalJson(now.deadlines)) out.push('deadline policies changed');
  return out;
}

function pathOf(node: AnyStateNode): string {
  return node.path.join('.');
}

function stateShape(node: AnyStateNode, rootId: string): StateShape {
  const on: Record<string, TransitionShape[]> = {};
  for (const [event, list] of node.transitions as Map<string, TransitionLike[]>) {
    if (event.startsWith('xstate.after.')) continue;
    on[normalEvent(event, rootId)] = list.map(transitionShape);
  }
  return {
    type: node.type,
    initial: node.initial?.target.map(pathOf),
    history: node.type === 'history' ? node.history : undefined,
    on,
    after: (node.after as TransitionLike[]).map(transitionShape),
    always: ((node.always ?? []) as TransitionLike[]).map(transitionShape),
  };
}

function transitionShape(t: TransitionLike): TransitionShape {
  return {
    target: (t.target ?? []).map(pathOf),
    guard: guardOf(t.guard),
    reenter: t.reenter || undefined,
    delay: t.delay,
  };
}

/** A guard by name (with its params), or a higher-order guard (and/or/not) by its parts. */
function guardOf(guard: unknown): unknown {
  if (guard === undefined || typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const parts = (guard as { guards?: unknown[] }).guards;
    const name = guard.name || 'inline';
    return parts ? { [name]: parts.map(guardOf) } : name;
  }
  const { type, params } = guard as { type?: unknown; params?: unknown };
  return typeof params === 'function' ? { type, params: 'dynamic' } : { type, params };
}

/** Done and error events name the machine's id (`xstate.done.state.<id>.<path>`): relative to the root instead. */
function normalEvent(event: string, rootId: string): string {
  return event.startsWith('xstate.') ? event.split(`.${rootId}.`).join('.#.') : event;
}
