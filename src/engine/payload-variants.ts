import type { EventPolicy, PayloadClass } from './workflow.types';

/** The payload class that applies to a case: the event's class, or the variant its context selects. */
export function payloadClassFor(policy: EventPolicy, context: unknown): PayloadClass | undefined {
  const p = policy.payload;
  if (!p || typeof p === 'function') return p;
  const name = p.select(context);
  const cls = p.variants[name];
  if (!cls) throw new Error(`Payload variant "${name}" is not declared`);
  return cls;
}
