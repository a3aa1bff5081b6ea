/** What went wrong, for clients and the workbench to translate; the HTTP edge maps each error class to a status. */
export enum EngineErrorCode {
  WORKFLOW_NOT_FOUND = 'WORKFLOW_NOT_FOUND',
  CASE_NOT_FOUND = 'CASE_NOT_FOUND',
  SUBJECT_NOT_FOUND = 'SUBJECT_NOT_FOUND',
  EVENT_UNKNOWN = 'EVENT_UNKNOWN',
  EVENT_NOT_ALLOWED = 'EVENT_NOT_ALLOWED',
  /** The state takes the event, but a condition on its payload is not met (422, like EVENT_NOT_ALLOWED). */
  EVENT_GUARD_FAILED = 'EVENT_GUARD_FAILED',
  DEADLINE_SETTLED = 'DEADLINE_SETTLED',
  ROLE_FORBIDDEN = 'ROLE_FORBIDDEN',
  PAYLOAD_INVALID = 'PAYLOAD_INVALID',
  STATE_UNKNOWN = 'STATE_UNKNOWN',
  REVISION_STALE = 'REVISION_STALE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  SNAPSHOT_INCOMPATIBLE = 'SNAPSHOT_INCOMPATIBLE',
  CONTENTION = 'CONTENTION',
  UNIT_NOT_FOUND = 'UNIT_NOT_FOUND',
  UNIT_EXISTS = 'UNIT_EXISTS',
  UNIT_OUT_OF_REACH = 'UNIT_OUT_OF_REACH',
  /** A department under a unit that takes none, or a leader for a unit that is no department. */
  UNIT_KIND_INVALID = 'UNIT_KIND_INVALID',
  /** A department's leader who is not (actively) on the register of the unit above. */
  LEADER_NOT_ON_REGISTER = 'LEADER_NOT_ON_REGISTER',
  CADRE_NOT_FOUND = 'CADRE_NOT_FOUND',
  CADRE_EXISTS = 'CADRE_EXISTS',
  /** An import whose rows are refused (each with its row, column and reason); nothing was written. */
  ROWS_REFUSED = 'ROWS_REFUSED',
  NOT_OWN_UNIT = 'NOT_OWN_UNIT',
  BUSINESS_KEY_TAKEN = 'BUSINESS_KEY_TAKEN',
  DOCUMENT_UNKNOWN = 'DOCUMENT_UNKNOWN',
  DOCUMENT_NOT_ALLOWED = 'DOCUMENT_NOT_ALLOWED',
  DOCUMENT_NOT_FOUND = 'DOCUMENT_NOT_FOUND',
}

/** The base of the engine's errors: a code, a message for people, and details for programs. */
export abstract class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing asked for does not exist (or is not visible to the caller). */
export class NotFoundError extends EngineError {}

/** The request itself is wrong: bad payload, unknown workflow or event, a state that does not exist. */
export class UserInputError extends EngineError {}

/** The caller's roles may not do this. */
export class ForbiddenError extends EngineError {}

/** The request is well-formed but the case does not accept it now (state, guard, settled deadline). */
export class IllegalOperationError extends EngineError {}

/** The case changed since the caller read it, or its stored state no longer fits the deployed machine. */
export class ConflictError extends EngineError {}

/** The case is too busy right now; the same request may succeed later. */
export class BusyError extends EngineError {}
