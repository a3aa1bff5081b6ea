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
