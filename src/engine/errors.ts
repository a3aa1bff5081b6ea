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
  /** A document of the kind is issued already: issuing again needs a confirmation and a reason (409). */
  DOCUMENT_ISSUED = 'DOCUMENT_ISSUED',
  /** Issuing again was confirmed without a reason (422). */
  DOCUMENT_REASON_REQUIRED = 'DOCUMENT_REASON_REQUIRED',
  /** The document was voided already (409). */
  DOCUMENT_VOIDED = 'DOCUMENT_VOIDED',
  /** The kind is issued only after a leader approved its draft (422). */
  DOCUMENT_APPROVAL_REQUIRED = 'DOCUMENT_APPROVAL_REQUIRED',
  /** A draft of the kind awaits approval already, or the draft was decided already (409). */
  DOCUMENT_DRAFT_PENDING = 'DOCUMENT_DRAFT_PENDING',
  /** The one who submitted a draft may not approve it (422). */
  DOCUMENT_SELF_APPROVAL = 'DOCUMENT_SELF_APPROVAL',
  /** The case's hash chain does not verify: no signed dossier is issued for it (409). */
  CHAIN_NOT_VERIFIED = 'CHAIN_NOT_VERIFIED',
}

/**
 * The values a message is rendered from in the reader's language (the error body's `params`): strings,
 * numbers, ISO times (shown in Beijing time), lists, and a workflow's own words in both languages.
 */
export type MessageParams = Record<string, unknown>;

/**
 * The base of the engine's errors: a code, a message for people (English), details for programs, and
 * the message's code and parameters (`messageCode`, `params`) from which clients render it in their
 * reader's language; the message code is the error code unless a finer one is given.
 */
export abstract class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly params?: MessageParams,
    readonly messageCode: string = code,
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
