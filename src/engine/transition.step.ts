import {
  createActor,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
} from 'xstate';
import { EngineErrorCode, IllegalOperationError } from './errors';
import { restoreSnapshot, stateLabel } from './machine-snapshot';
import type { CaseEntity } from './persistence/case.entity';
import { hasTransitionFor, quoteOf, refusingRule, ruleById, type RuleQuote } from './rules/refusing-rule';
import type { Label, MachineEvent, WorkflowDefinition, WorkflowRule } from './workflow.types';

const PROBE_TIME = new Date(0).toISOString();

/**
 * Events the machine accepts now, whoever may send them. Each is asked with a probe event
 * (`probe: true`, no payload yet): guards on the context decide, guards on the payload let it through.
 */
export function allowedEvents(wf: WorkflowDefinition, snapshot: AnyMachineSnapshot): string[] {
  if (snapshot.status !== 'active') return [];
  // Only events some active state names can be taken: the others are not probed (can() is the cost).
  const named = namedEvents(snapshot);
  return Object.keys(wf.events).filter((type) => {
    if (named && !named.has(type)) return false;
    const probe: MachineEvent = { type, payload: {}, at: PROBE_TIME, actor: '', probe: true };
    try {
      return snapshot.can(probe);
    } catch {
      return false;
    }
  });
}

/** The event types the active states (and their ancestors) have transitions for; null with a wildcard. */
function namedEvents(snapshot: AnyMachineSnapshot): Set<string> | null {
  const named = new Set<string>();
  for (const node of snapshot._nodes) {
    for (const [type, transitions] of node.transitions) {
      if (type.includes('*')) return null;
      if (transitions.length) named.add(type);
    }
  }
  return named;
}

/** An event a state names but whose guard refuses it now, with why: the rule it breaks, what it requires. */
export interface BlockedEvent {
  type: string;
  rule?: RuleQuote;
  requires?: Label;
}

/**
 * The events the active states have a transition for but a guard refuses now (asked with a probe, as
 * allowedEvents asks), each with the named rule whose guard refused it, if any, and what the workflow
 * says must happen first (`requires`), if it says so: e.g. the year-end summary waits for the mid-year
 * review. `mayAsk` narrows them (e.g. to the caller's roles).
 */
export function blockedEvents(
  wf: WorkflowDefinition,
  snapshot: AnyMachineSnapshot,
  allowed: readonly string[],
  mayAsk: (type: string) => boolean = () => true,
): BlockedEvent[] {
  if (snapshot.status !== 'active') return [];
  const blocked: BlockedEvent[] = [];
  for (const type of Object.keys(wf.events)) {
    if (allowed.includes(type) || !mayAsk(type) || !hasTransitionFor(snapshot, type)) continue;
    const probe: MachineEvent = { type, payload: {}, at: PROBE_TIME, actor: '', probe: true };
    const rule = refusingRule(wf, snapshot, probe);
    const requires = wf.events[type].requires;
    blocked.push({ type, ...(rule && { rule: quoteOf(rule) }), ...(requires && { requires }) });
  }
  return blocked;
}

/** A value left to the caller for a field, with its label when the workflow gives one. */
export interface CallerChoice {
  value: string | number;
  label?: Label;
}

/**
 * The payload values the workflow leaves the caller for each event (its `choices`), and whether the
 * event is offered to them at all: not when a field has no value left (e.g. no side of the list left
 * for this person to sign).
 */
export function callerChoices(
  wf: WorkflowDefinition,
  context: unknown,
  type: string,
  actor: string,
): { offered: boolean; choices?: Record<string, CallerChoice[]> } {
  const declared = wf.events[type]?.choices?.(context, actor);
  if (!declared) return { offered: true };
  const choices: Record<string, CallerChoice[]> = {};
  for (const [field, values] of Object.entries(declared)) {
    choices[field] = values.map((c) => (typeof c === 'object' ? c : { value: c }));
  }
  return { offered: Object.values(choices).every((v) => v.length > 0), choices };
}

/** Whether the stored case's machine takes the event now (active, and a transition exists). */
export function canTake(
  wf: WorkflowDefinition,
  row: Pick<CaseEntity, 'snapshot'>,
  event: MachineEvent,
): boolean {
  const snapshot = restoreSnapshot(wf.machine, row.snapshot);
  return snapshot.status === 'active' && snapshot.can(event);
}

/** The pure transition of a stored case by one event, or the reason the machine refuses it. */
export function stepCase(wf: WorkflowDefinition, row: Pick<CaseEntity, 'snapshot'>, event: MachineEvent) {
  const before = restoreSnapshot(wf.machine, row.snapshot);
  if (before.status !== 'active' || !before.can(event)) throw refusal(wf, before, event);
  const [after, actions] = pureTransition(wf.machine, before, event);
  return { before, after, actions };
}

const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();

/**
 * XState's transition(), without building a new actor (and the machine's initial state) for each call:
 * one inert actor scope per machine, its actions collected instead of executed, as transition() does.
 * The machines are pure (no invoked or spawned actors), so the scope holds nothing between calls.
 */
export function pureTransition(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject) {
  let base = scopes.get(machine);
  if (!base) {
    const self = createActor(machine);
    const noop = () => undefined;
    base = {
      self,
      defer: noop,
      id: '',
      logger: noop,
      sessionId: '',
      stopChild: noop,
      system: self.system,
      emit: noop,
      actionExecutor: noop,
    } as unknown as AnyActorScope;
    scopes.set(machine, base);
  }
  const actions: Parameters<AnyActorScope['actionExecutor']>[0][] = [];
  const scope = { ...base, actionExecutor: (action) => void actions.push(action) } as AnyActorScope;
  const after = machine.transition(snapshot, event, scope) as AnyMachineSnapshot;
  return [after, actions] as const;
}

/**
 * The 422 for an event the machine refuses. When a guard that a named rule lists refused it, the
 * error names the rule (`details.rule`: id, source, text) and its message ends with the rule in words.
 */
function refusal(wf: WorkflowDefinition, before: AnyMachineSnapshot, event: MachineEvent) {
  const state = stateLabel(before);
  const allowed = allowedEvents(wf, before);
  const details = { state, allowedEvents: allowed };
  if (allowed.includes(event.type)) {
    const explained = wf.explainRefusal?.(before.context, event) ?? null;
    const why = typeof explained === 'string' ? { message: explained } : explained;
    // The workflow's own explanation decides which rule (if any) refused; only without one is the
    // refusing guard looked for (a guard may serve several checks, e.g. dates of two events).
    const rule = why ? ruleById(wf, why.rule) : refusingRule(wf, before, event);
    const message = why?.message ?? 'a condition on its payload is not met';
    return new IllegalOperationError(
      EngineErrorCode.EVENT_GUARD_FAILED,
      `${event.type} is allowed in state ${state}, but not with this payload: ${message}${inWords(rule)}`,
      rule ? { ...details, rule: quoteOf(rule) } : details,
      {
        event: event.type,
        state,
        ...(why?.reason && { reason: { ...why.reason, params: why.params ?? {} } }),
        ...(rule && { rule: rule.id }),
      },
    );
  }
  const allowedNow = allowed.length ? `allowed now: ${allowed.join(', ')}` : 'the case accepts no events';
  // A transition exists but a guard on the case refused it: say which rule, if one names that guard.
  const rule =
    before.status === 'active' && hasTransitionFor(before, event.type)
      ? refusingRule(wf, before, { ...event, payload: {}, probe: true })
      : undefined;
  if (rule) {
    return new IllegalOperationError(
      EngineErrorCode.EVENT_NOT_ALLOWED,
      `${event.type} is not allowed in state ${state} yet (${allowedNow}): ${rule.text.en}${inWords(rule)}`,
      { ...details, rule: quoteOf(rule) },
      { event: event.type, state, allowedEvents: allowed, rule: rule.id },
      'EVENT_NOT_ALLOWED_YET',
    );
  }
  return new IllegalOperationError(
    EngineErrorCode.EVENT_NOT_ALLOWED,
    `${event.type} is not allowed in state ${state}; ${allowedNow}`,
    details,
    { event: event.type, state, allowedEvents: allowed },
  );
}

function inWords(rule: WorkflowRule | undefined): string {
  return rule ? ` (rule ${rule.id}, ${rule.source.en})` : '';
}
