import type { AnyMachineSnapshot } from 'xstate';
import { EngineError } from '../errors';
import { restoreSnapshot } from '../machine-snapshot';
import type { CaseEntity } from '../persistence/case.entity';
import type { MachineEvent, WorkflowDefinition } from '../workflow.types';
import type { WorkflowRegistry } from '../workflow.registry';

/** The roles a case waits for now, with the duty events (side moves left out) each may send, as the inbox counts them. */
export interface Waiting {
  role: string;
  /** The events are for a unit above the case's (correction by the higher organ, say). */
  above: boolean;
  events: string[];
}

const PROBE_TIME = new Date(0).toISOString();

/**
 * The events the machine takes now — the same answer as `allowedEvents` (transition.step.ts), in the
 * workflow's order, but only the events some active state node has a transition for are probed
 * (`snapshot.can`): the others cannot be taken, whatever their guards. A node listening to a wildcard
 * (`*`, `x.*`) has every event probed, as allowedEvents does. `only` narrows the events asked about.
 */
export function takenEvents(
  wf: WorkflowDefinition,
  snapshot: AnyMachineSnapshot,
  only: (type: string) => boolean = () => true,
): string[] {
  if (snapshot.status !== 'active') return [];
  const listened = new Set<string>();
  let wildcard = false;
  for (const node of snapshot._nodes) {
    for (const [type, transitions] of node.transitions) {
      if (!transitions.length) continue;
      if (type.includes('*')) wildcard = true;
      listened.add(type);
    }
  }
  const taken: string[] = [];
  for (const type of Object.keys(wf.events)) {
    if ((!wildcard && !listened.has(type)) || !only(type)) continue;
    const probe: MachineEvent = { type, payload: {}, at: PROBE_TIME, actor: '', probe: true };
    try {
      if (snapshot.can(probe)) taken.push(type);
    } catch {
      // a guard that throws on a probe: not taken, as allowedEvents counts it
    }
  }
  return taken;
}

/**
 * Who a case waits for now: per role and reach (own unit, or a unit above), the duty events the
 * machine takes. Nothing for a case that is not active (closed: concluded, even if its machine still
 * takes a late correction). `status` is the case row's status, `snapshot` its restored machine state.
 */
export function waitingRoles(
  wf: WorkflowDefinition,
  snapshot: AnyMachineSnapshot,
  status: CaseEntity['status'],
): Waiting[] {
  if (status !== 'active') return [];
  const byRole = new Map<string, Waiting>();
  for (const type of takenEvents(wf, snapshot, (t) => !wf.events[t].sideMove)) {
    const policy = wf.events[type];
    const above = policy.reach === 'above';
    for (const role of policy.roles) {
      const key = `${role}:${above}`;
      const entry = byRole.get(key) ?? { role, above, events: [] };
      entry.events.push(type);
      byRole.set(key, entry);
    }
  }
  return [...byRole.values()];
}

/** waitingRoles of a stored case row (its snapshot restored); nothing when its version is gone. */
export function waitingRolesOf(registry: WorkflowRegistry, row: CaseEntity): Waiting[] {
  if (row.status !== 'active') return [];
  try {
    const wf = registry.get(row.workflow, row.workflowVersion);
    return waitingRoles(wf, restoreSnapshot(wf.machine, row.snapshot), row.status);
  } catch (error) {
    // A case whose version is gone waits for a migration, not for anyone's work.
    if (error instanceof EngineError) return [];
    throw error;
  }
}

/** Whether two answers of waitingRoles name the same (role, above) pairs. */
export function sameWaiting(a: readonly Waiting[], b: readonly Waiting[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map((w) => `${w.role}:${w.above}`));
  return b.every((w) => keys.has(`${w.role}:${w.above}`));
}
