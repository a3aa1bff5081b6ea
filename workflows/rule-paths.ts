import type { PathStep } from '../src/engine/workflow.types';

/* Reading the paths the rule checker hands a rule's `check` (src/engine/rule.types.ts). */

/** The last step of the path: what the rule judges. */
export function lastStep<C>(path: readonly PathStep<C>[]): PathStep<C> {
  return path[path.length - 1];
}

/** The step before the last one; null at the opening. */
export function previousStep<C>(path: readonly PathStep<C>[]): PathStep<C> | null {
  return path.length > 1 ? path[path.length - 2] : null;
}
