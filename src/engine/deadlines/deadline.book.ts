import { IsNull, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { CommitResult } from '../engine.listener';
import { DeadlineEntity } from '../persistence/deadline.entity';
import type { WorkflowDefinition } from '../workflow.types';
import { policyOf, type DeadlineStep } from './deadline.planner';

/** A leaf path is inside a state path (or prefix) when it is that state or one of its descendants. */
function within(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`);
}

/** Whether a fired limit of this send id still counts as overdue with the case in `paths`. */
function stillPending(wf: WorkflowDefinition, sendId: string, paths: string[]): boolean {
  const states = policyOf(wf, sendId)?.overdueWhile;
  return Boolean(states?.some((s) => paths.some((p) => within(p, s))));
}

/**
 * Writes what one transition means for a case's deadline rows, in the transition's transaction:
 * - a scheduled limit is inserted, and settles earlier fired rows of the same limit (re-armed) —
 *   unless its policy holds them overdue in the state the case is now in (a rolling limit re-armed
 *   for the next item leaves the lapsed items overdue);
 * - a cancelled limit that is still pending is cancelled; one that fired is settled (the work is
 *   done) unless its policy says the case is still in a state where the work is pending;
 * - fired rows kept by `overdueWhile` are settled once the case has left those states.
 * `paths` are the case's leaf state paths after the transition.
 */
export async function bookDeadlines(
  m: EntityManager,
  wf: WorkflowDefinition,
  caseId: string,
  steps: DeadlineStep[],
  paths: string[],
  at: string,
  result: CommitResult,
  /** The case's leaf paths before the transition (none when the case is being opened). */
  before: string[] = [],
): Promise<void> {
  for (const step of steps) {
    if (step.op === 'schedule') {
      if (!stillPending(wf, step.row.sendId, paths)) {
        await settle(m, { caseId, sendId: step.row.sendId, status: 'fired', settledAt: IsNull() }, at);
      }
      await m.insert(DeadlineEntity, step.row);
      result.scheduled.push(step.row);
      continue;
    }
    const open = await m.findBy(DeadlineEntity, { caseId, sendId: step.sendId, settledAt: IsNull() });
    for (const d of open) {
      if (d.status === 'pending') {
        await m.update(DeadlineEntity, { id: d.id }, { status: 'cancelled', settledAt: at });
        result.cancelled.push(d.id);
      } else if (!stillPending(wf, d.sendId, paths)) {
        await settle(m, { id: d.id }, at);
      }
    }
  }
  if (leftHeldStates(wf, before, paths)) await settleLeftBehind(m, wf, caseId, paths, at);
  result.scheduled = result.scheduled.filter((s) => !result.cancelled.includes(s.id));
}

/**
 * Whether the transition left a state in which some limit's `overdueWhile` holds fired rows open: only
 * then can a held row need settling (rows are held only while the case is in those states).
 */
function leftHeldStates(wf: WorkflowDefinition, before: string[], after: string[]): boolean {
  const held = Object.values(wf.deadlines).flatMap((p) => p.overdueWhile ?? []);
  const inHeld = (paths: string[]) => held.filter((s) => paths.some((p) => within(p, s)));
  const now = new Set(inHeld(after));
  return inHeld(before).some((s) => !now.has(s));
}

/** Fired limits held open by `overdueWhile` whose states the case has now left. */
async function settleLeftBehind(
  m: EntityManager,
  wf: WorkflowDefinition,
  caseId: string,
  paths: string[],
  at: string,
): Promise<void> {
  const held = await m.findBy(DeadlineEntity, { caseId, status: 'fired', settledAt: IsNull() });
  for (const d of held) {
    if (policyOf(wf, d.sendId)?.overdueWhile && !stillPending(wf, d.sendId, paths)) {
      await settle(m, { id: d.id }, at);
    }
  }
}

function settle(m: EntityManager, where: FindOptionsWhere<DeadlineEntity>, at: string) {
  return m.update(DeadlineEntity, where, { settledAt: at });
}
