import type { AnyMachineSnapshot, AnyStateMachine, StateValue } from 'xstate';
import { canonicalJson } from './history/canonical-json';
import { ConflictError, EngineErrorCode, UserInputError } from './errors';
import type { WorkflowDefinition } from './workflow.types';

/** What the database keeps of a machine snapshot. */
export interface StoredSnapshot {
  value: StateValue;
  context: unknown;
  status: string;
}

export function storeSnapshot(snapshot: AnyMachineSnapshot): StoredSnapshot {
  return { value: snapshot.value, context: snapshot.context, status: snapshot.status };
}

export function serialiseSnapshot(snapshot: AnyMachineSnapshot): string {
  return canonicalJson(storeSnapshot(snapshot));
}

/** Rebuilds a snapshot, refusing one whose state no longer exists in the machine. */
export function restoreSnapshot(machine: AnyStateMachine, stored: string): AnyMachineSnapshot {
  const parsed = JSON.parse(stored) as StoredSnapshot;
  try {
    return machine.resolveState({ value: parsed.value, context: parsed.context as never });
  } catch (error) {
    throw new ConflictError(
      EngineErrorCode.SNAPSHOT_INCOMPATIBLE,
      `The stored state ${JSON.stringify(parsed.value)} does not fit machine ${machine.id}: ${(error as Error).message}`,
    );
  }
}

interface NodeLike {
  states: Record<string, NodeLike>;
}

/**
 * Leaf states as dotted paths, in the machine's own order: `review`, or one per region of a
 * parallel state (`work.tasks.open,work.report.drafted,…`).
 */
export function stateLabel(snapshot: AnyMachineSnapshot): string {
  return orderedPaths(snapshot.machine.root as unknown as NodeLike, snapshot.value).join(',');
}

function orderedPaths(node: NodeLike, value: StateValue, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix + value];
  return Object.keys(node.states)
    .filter((key) => key in value)
    .flatMap((key) => {
      const child = value[key];
      const leaf = child === undefined || (typeof child === 'object' && Object.keys(child).length === 0);
      return leaf ? [prefix + key] : orderedPaths(node.states[key], child as StateValue, `${prefix}${key}.`);
    });
}

interface PathTree {
  [key: string]: PathTree;
}

/** The state value that has exactly these leaf paths (the inverse of stateLabel). */
export function valueOfPaths(paths: string[]): StateValue {
  const tree: PathTree = {};
  for (const path of paths) {
    let node = tree;
    for (const key of path.split('.')) node = node[key] ??= {};
  }
  return toValue(tree);
}

function toValue(tree: PathTree): StateValue {
  const keys = Object.keys(tree);
  if (keys.length === 1 && Object.keys(tree[keys[0]]).length === 0) return keys[0];
  return Object.fromEntries(keys.map((key) => [key, toValue(tree[key])]));
}

/** The snapshot of `wf` in exactly these state paths, or a 400 naming the paths that do not exist there. */
export function resolveExactly(
  wf: WorkflowDefinition,
  paths: string[],
  context: unknown,
): AnyMachineSnapshot {
  const refuse = (why: string) =>
    new UserInputError(
      EngineErrorCode.STATE_UNKNOWN,
      `State ${paths.join(',')} does not exist in ${wf.name} version ${wf.version}: ${why}; map it with stateMapping`,
    );
  let snapshot: AnyMachineSnapshot;
  try {
    snapshot = wf.machine.resolveState({ value: valueOfPaths(paths), context: context as never });
  } catch (error) {
    throw refuse((error as Error).message);
  }
  const got = stateLabel(snapshot).split(',').sort().join(',');
  if (got !== [...paths].sort().join(',')) throw refuse(`it resolves to ${stateLabel(snapshot)}`);
  return snapshot;
}
