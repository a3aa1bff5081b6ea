import type { EventPolicy, PayloadClass } from './workflow.types';

/**
 * The payload class that applies to a case: the event's class, or the variant its context selects.
 * `context` may be given lazily (a function), so that it is read only for events that have variants.
 */
export function payloadClassFor(
  policy: EventPolicy,
  context: unknown | (() => unknown),
): PayloadClass | undefined {
  const p = policy.payload;
  if (!p || typeof p === 'function') return p;
  const name = p.select(typeof context === 'function' ? (context as () => unknown)() : context);
  const cls = p.variants[name];
  if (!cls) throw new Error(`Payload variant "${name}" is not declared`);
  return cls;
}
