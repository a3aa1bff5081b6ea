import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { MIGRATE_EVENT } from '../case-migrator';
import { resolveExactly, serialiseSnapshot, stateLabel } from '../machine-snapshot';
import type { CaseEntity } from '../persistence/case.entity';
import type { TransitionEntity } from '../persistence/transition.entity';
import type { WorkflowRegistry } from '../workflow.registry';
import type { WorkflowDefinition } from '../workflow.types';
import { isRecordEvent } from './record-event';

/**
 * Whether two state labels name the same states. The leaves of a parallel state come in the order
 * of the snapshot value's keys, which differs between a snapshot built by transitions from the
 * start (machine order) and one restored from stored canonical JSON (alphabetical order).
 */
function sameStates(a: string, b: string): boolean {
  const sorted = (label: string) => label.split(',').sort().join(',');
  return sorted(a) === sorted(b);
}

/** What replaying said: whether it matches, and where it first did not (a row's seq), when known. */
export interface ReplayOutcome {
  matches: boolean;
  differsAtSeq?: number;
}

/** Replays the history through the pure machine and compares every state and the final snapshot. */
export function replayHistory(
  registry: WorkflowRegistry,
  wf: WorkflowDefinition,
  c: CaseEntity,
  rows: TransitionEntity[],
  problems: string[],
): ReplayOutcome {
  let seq: number | undefined;
  try {
    // A case that was migrated started on the version its first MIGRATE row names.
    const firstMigration = rows.find((r) => r.type === MIGRATE_EVENT);
    let machineOf = firstMigration
      ? registry.get(c.workflow, (JSON.parse(firstMigration.payload) as { fromVersion: number }).fromVersion)
      : wf;
    let snapshot: AnyMachineSnapshot | undefined;
    for (const row of rows) {
      seq = row.seq;
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      if (!snapshot) {
        snapshot = initialTransition(machineOf.machine, payload)[0];
      } else if (isRecordEvent(row.type)) {
        // A recorded fact (a file, a document, an urging): the machine does not see it.
      } else if (row.type === MIGRATE_EVENT) {
        machineOf = registry.get(c.workflow, payload.toVersion as number);
        snapshot = resolveExactly(machineOf, row.toState.split(','), snapshot.context);
      } else {
        const event = { type: row.type, payload, at: row.at, actor: row.actorSub };
        snapshot = transition(machineOf.machine, snapshot, event)[0];
      }
      if (!sameStates(stateLabel(snapshot), row.toState)) {
        problems.push(`replay: seq ${row.seq} leads to ${stateLabel(snapshot)}, history says ${row.toState}`);
        return { matches: false, differsAtSeq: row.seq };
      }
    }
    if (!snapshot || serialiseSnapshot(snapshot) !== c.snapshot) {
      problems.push('replay: the replayed snapshot differs from the stored one');
      return { matches: false };
    }
    return { matches: true };
  } catch (error) {
    problems.push(`replay failed: ${(error as Error).message}`);
    return { matches: false, ...(seq !== undefined ? { differsAtSeq: seq } : {}) };
  }
}
