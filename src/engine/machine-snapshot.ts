import type { AnyMachineSnapshot, AnyStateMachine, StateValue } from 'xstate';
import { canonicalJson } from './canonical-json';
import { EngineErrorCode, EngineException } from './engine.errors';

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
    throw new EngineException(
      EngineErrorCode.SNAPSHOT_INCOMPATIBLE,
      `The stored state ${JSON.stringify(parsed.value)} does not fit machine ${machine.id}: ${(error as Error).message}`,
    );
  }
}

/** Leaf states as dotted paths: `investigation`, or one per region of a parallel state. */
export function statePaths(value: StateValue, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix + value];
  return Object.entries(value).flatMap(([key, child]) =>
    child === undefined ? [prefix + key] : statePaths(child as StateValue, `${prefix}${key}.`),
  );
}

export function stateLabel(value: StateValue): string {
  return statePaths(value).join(',');
}
