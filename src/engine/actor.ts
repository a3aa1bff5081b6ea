/** Who is acting: the verified token's subject and roles, or the system (deadlines). */
export interface Actor {
  sub: string;
  name?: string;
  roles: string[];
  /** The code of the unit the user works for (the token's unit claim); absent for the system. */
  unit?: string;
}

/** The deadline timer. It is not a token subject: timeout events are never accepted from outside the engine. */
export const DEADLINE_ACTOR: Actor = { sub: 'system:deadline', name: 'Deadline timer', roles: [] };

/** A linked case reporting back (notifyCase): like timeouts, never accepted from a token. */
export const LINKED_CASE_ACTOR: Actor = { sub: 'system:linked-case', name: 'Linked case', roles: [] };

export const TIMEOUT_EVENT_PREFIX = 'xstate.after.';

/** The holiday calendar re-planning deadlines when an official schedule replaces a provisional one. */
export const CALENDAR_ACTOR: Actor = { sub: 'system:calendar', name: 'Holiday calendar', roles: [] };

/** The engine's own actors (by identity, never by name: a token cannot be one of them). */
export function isSystemActor(actor: Actor): boolean {
  return actor === DEADLINE_ACTOR || actor === LINKED_CASE_ACTOR || actor === CALENDAR_ACTOR;
}
