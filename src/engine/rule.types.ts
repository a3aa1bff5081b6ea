import type { Label, MachineEvent } from './event.types';

/*
 * Rules as named properties (DESIGN.md, "Rules as named properties"). A workflow names each rule of
 * its procedure with the article or seed it comes from, and states it as a property over machine
 * paths; `npm run rules` walks every path of the machine (bounded) and checks every rule on each.
 */

/** One step of a machine path: the event taken (null for the opening) and the snapshot it led to. */
export interface PathStep<TContext = unknown> {
  /** The event that led here; null for the initial snapshot. */
  event: MachineEvent | null;
  /** The state after the step as the case view names it: dotted leaf paths, parallel regions joined by commas. */
  state: string;
  /** Whether the snapshot is in this state (a dotted path, or a compound state holding it). */
  matches(path: string): boolean;
  context: TContext;
  /** 'done' once the machine reached a final state. */
  status: 'active' | 'done';
}

/** A rule of a procedure: where it comes from, what it says, and the property that proves it. */
export interface WorkflowRule<TContext = unknown> {
  /** Stable id, unique in the workflow, e.g. `hearingBeforeDecision`; errors and the API name it. */
  id: string;
  /** The article or seed it comes from, e.g. {zh: '《中国共产党问责条例》（2019）第十九条', en: 'CPC Accountability Regulations (2019), Art 19'}. */
  source: Label;
  /** What the rule requires, in both languages. */
  text: Label;
  /**
   * The property, judged on a path (every prefix of every path is judged): null when the path keeps
   * the rule, else what breaks it at its last step.
   */
  check(path: readonly PathStep<TContext>[]): string | null;
  /**
   * Guards of the machine (by their names in `setup({ guards })`) that enforce this rule: when the
   * machine refuses an event because one of them failed, the refusal names this rule and its source.
   */
  guards?: readonly string[];
}

/** What the rule checker walks: the openings, and the events to try after each step. */
export interface RuleModel<TContext = unknown> {
  /** Machine inputs to start paths from, by a name for the report (e.g. an individual, an organisation). */
  inputs: Record<string, Record<string, unknown>>;
  /**
   * Events to try after the last step of a path, stamped with `at` (the checker's clock, one day per
   * step) and an actor: samples, variants that guards must refuse, and deadline timeouts
   * (`xstate.after.<delay>.<stateId>` with actor `system:deadline`). Events the snapshot does not take
   * are skipped.
   */
  events(last: PathStep<TContext>, at: string): MachineEvent[];
  /** The longest path walked: loops (re-arming, re-submitting) are bounded by it. */
  maxDepth: number;
  /**
   * What makes two snapshots the same for the walk (default: state and context without its time
   * stamps); each distinct one is expanded once, from the shortest path that reaches it.
   */
  key?(step: PathStep<TContext>): string;
}

/** A workflow's rules and the model the checker walks to prove them. */
export interface WorkflowRules<TContext = unknown> {
  list: readonly WorkflowRule<TContext>[];
  model: RuleModel<TContext>;
}

/** Why a guard refused an event: the words for the user and, when a named rule refused it, its id. */
export interface Refusal {
  message: string;
  rule?: string;
  /**
   * The reason in both languages for the reader, `{name}` placeholders filled from `params` by the
   * client (a value that is an ISO time is shown in Beijing time); without it, clients say that a
   * condition is not met (and quote the rule, if one is named).
   */
  reason?: { zh: string; en: string };
  params?: Record<string, string | number>;
}
