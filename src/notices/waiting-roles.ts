import { EngineError } from '../engine/errors';
import { restoreSnapshot } from '../engine/machine-snapshot';
import type { CaseEntity } from '../engine/persistence/case.entity';
import { allowedEvents } from '../engine/transition.step';
import type { WorkflowRegistry } from '../engine/workflow.registry';

/** The roles a case waits for now, with the duty events (side moves left out) each may send, as the inbox counts them. */
export interface Waiting {
  role: string;
  /** The events are for a unit above the case's (correction by the higher organ, say). */
  above: boolean;
  events: string[];
}

export function waitingRoles(registry: WorkflowRegistry, row: CaseEntity): Waiting[] {
  if (row.status !== 'active') return [];
  try {
    const wf = registry.get(row.workflow, row.workflowVersion);
    const snapshot = restoreSnapshot(wf.machine, row.snapshot);
    const byRole = new Map<string, Waiting>();
    for (const type of allowedEvents(wf, snapshot)) {
      const policy = wf.events[type];
      if (!policy || policy.sideMove) continue;
      const above = policy.reach === 'above';
      for (const role of policy.roles) {
        const key = `${role}:${above}`;
        const entry = byRole.get(key) ?? { role, above, events: [] };
        entry.events.push(type);
        byRole.set(key, entry);
      }
    }
    return [...byRole.values()];
  } catch (error) {
    // A case whose version is gone waits for a migration, not for anyone's work.
    if (error instanceof EngineError) return [];
    throw error;
  }
}
