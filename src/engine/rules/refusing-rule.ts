import { and, not, or, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { Label, MachineEvent } from '../event.types';
import type { WorkflowRule } from '../rule.types';
import type { WorkflowDefinition } from '../workflow.types';

/** A rule as a refusal and the API name it: what it says and where it comes from. */
export interface RuleQuote {
  id: string;
  source: Label;
  text: Label;
}

export function quoteOf(rule: WorkflowRule): RuleQuote {
  return { id: rule.id, source: rule.source, text: rule.text };
}

/** The rule with this id, if the workflow declares one. */
export function ruleById(wf: WorkflowDefinition, id: string | undefined): WorkflowRule | undefined {
  return id === undefined ? undefined : wf.rules?.list.find((r) => r.id === id);
}

/** Whether some active state node has a transition for this event type (whatever its guards say). */
export function hasTransitionFor(snapshot: AnyMachineSnapshot, type: string): boolean {
  return snapshot._nodes.some((node) => (node.transitions.get(type)?.length ?? 0) > 0);
}

/**
 * The named rule whose guard refused the event: the guards of every transition the active states
 * have for its type are evaluated (composites `and`/`or`/`not` included), and the first rule that
 * lists a guard to blame is returned. Undefined when the workflow names no rule for them.
 */
export function refusingRule(
  wf: WorkflowDefinition,
  snapshot: AnyMachineSnapshot,
  event: MachineEvent,
): WorkflowRule | undefined {
  const rules = wf.rules?.list.filter((r) => r.guards?.length);
  if (!rules?.length) return undefined;
  let blamed: string[];
  try {
    blamed = failedGuards(snapshot, event);
  } catch {
    return undefined; // a guard that throws on this event: the refusal still stands, unnamed
  }
  for (const name of blamed) {
    const rule = rules.find((r) => r.guards!.includes(name));
    if (rule) return rule;
  }
  return undefined;
}

/** Names of the guards that made the event's candidate transitions fail, outermost name first. */
export function failedGuards(snapshot: AnyMachineSnapshot, event: MachineEvent): string[] {
  const judge = new GuardJudge(snapshot, event);
  const names: string[] = [];
  for (const node of snapshot._nodes) {
    for (const t of node.transitions.get(event.type) ?? []) {
      if (t.guard !== undefined && !judge.holds(t.guard)) names.push(...judge.blame(t.guard));
    }
  }
  return [...new Set(names)];
}

type Guard = unknown;

interface Composite {
  (...args: never[]): unknown;
  check: unknown;
  guards: Guard[];
}

/** XState's own composites, told apart by their check functions. */
const CHECKS = {
  and: (and([]) as unknown as Composite).check,
  or: (or([]) as unknown as Composite).check,
  not: (not(() => true) as unknown as Composite).check,
};

function isComposite(g: Guard): g is Composite {
  return typeof g === 'function' && 'check' in g && 'guards' in g;
}

/** Evaluates guards as XState does (named guards through the machine's implementations), and says which failed. */
class GuardJudge {
  private readonly machine: AnyStateMachine;

  constructor(
    private readonly snapshot: AnyMachineSnapshot,
    private readonly event: MachineEvent,
  ) {
    this.machine = snapshot.machine as AnyStateMachine;
  }

  holds(guard: Guard): boolean {
    const { name, impl, params } = this.resolve(guard);
    if (isComposite(impl)) {
      const parts = impl.guards;
      if (impl.check === CHECKS.and) return parts.every((g) => this.holds(g));
      if (impl.check === CHECKS.or) return parts.some((g) => this.holds(g));
      if (impl.check === CHECKS.not) return !this.holds(parts[0]);
    }
    if (typeof impl !== 'function') {
      if (impl === undefined) throw new Error(`Guard '${name}' is not implemented`);
      return this.holds(impl);
    }
    const args = { context: this.snapshot.context as unknown, event: this.event };
    return Boolean((impl as (a: typeof args, p: unknown) => unknown)(args, params));
  }

  /**
   * The names to blame for a guard that evaluated to `value`: its own name, then what made it so
   * inside (the first failing part of a failed `and`, every part of a failed `or`, the inside of a `not`).
   */
  blame(guard: Guard, value = false): string[] {
    const { name, impl } = this.resolve(guard);
    const own = name ? [name] : [];
    if (isComposite(impl)) {
      const parts = impl.guards;
      if (impl.check === CHECKS.not) return [...own, ...this.blame(parts[0], !value)];
      const isAnd = impl.check === CHECKS.and;
      // a failed `and` and a held `or` are decided by some parts; a held `and` and a failed `or` by all
      const decisive = isAnd !== value ? parts.filter((g) => this.holds(g) === value) : parts;
      const chosen = isAnd && !value ? decisive.slice(0, 1) : decisive;
      return [...own, ...chosen.flatMap((g) => this.blame(g, value))];
    }
    if (typeof impl !== 'function' && impl !== undefined) return [...own, ...this.blame(impl, value)];
    return own;
  }

  private resolve(guard: Guard): { name?: string; impl: unknown; params?: unknown } {
    if (typeof guard === 'function') return { impl: guard };
    const named = guard as string | { type: string; params?: unknown };
    const name = typeof named === 'string' ? named : named.type;
    const given = typeof named === 'string' ? undefined : named.params;
    const params =
      typeof given === 'function'
        ? (given as (a: object) => unknown)({ context: this.snapshot.context as unknown, event: this.event })
        : given;
    const impl = (this.machine.implementations.guards as Record<string, unknown>)[name];
    return { name, impl, params };
  }
}
