import { assertEvent } from 'xstate';

/*
 * The shapes every procedure's machine receives from the engine (its MachineEvent): a user event per
 * payload type, and the deadline timeouts. Shared by the machines' own type files.
 */

/** Stamped by the engine on every event: when (the due time for a timeout) and who. */
export type Stamp = { at: string; actor: string };

/** Set by the engine when it asks which events a state accepts, before any payload exists. */
export type Probe = { probe?: true };

/** One user event per payload type, shaped like the engine's MachineEvent. */
export type UserEvents<P> = {
  [K in keyof P & string]: { type: K; payload: P[K] } & Stamp & Probe;
}[keyof P & string];

/** A deadline timeout sent back by the engine: `xstate.after.<delay>.<stateId>`, `at` = the due time. */
export type DeadlineEvent = { type: `xstate.after.${string}`; payload: Record<string, never> } & Stamp &
  Probe;

/** Something recorded in the context with when and by whom. */
export type Entry<T> = T & Stamp;

/** The payload of an event of `type` (asserted), typed by the procedure's payload map. */
export function payloadReader<P>() {
  return <K extends keyof P & string>(event: { type: string; payload: unknown }, type: K): P[K] => {
    assertEvent(event, type);
    return event.payload as P[K];
  };
}

/** The engine's stamp of an event, to record with what it did. */
export const stamp = (event: Stamp): Stamp => ({ at: event.at, actor: event.actor });

/** A date an event records: its field, its value, and the earliest it may be (what, when). */
export type DatedField = { field: string; value: string; earliest: [string, string] };

/**
 * Why a date an event records is refused — not a date-time, in the future (after the event's `at`),
 * or before the step it follows — or null when it is fine (or the event records none).
 */
export function recordedDateProblem(dated: DatedField | null, at: string): string | null {
  if (!dated) return null;
  const { field, value, earliest } = dated;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return `${field} is not a date-time`;
  if (t > Date.parse(at)) return `${field} ${value} is in the future (it is now ${at})`;
  if (t < Date.parse(earliest[1])) return `${field} ${value} is before ${earliest[0]} (${earliest[1]})`;
  return null;
}
