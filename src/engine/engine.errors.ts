import { HttpStatus } from '@nestjs/common';

export enum EngineErrorCode {
  WORKFLOW_NOT_FOUND = 'WORKFLOW_NOT_FOUND',
  CASE_NOT_FOUND = 'CASE_NOT_FOUND',
  EVENT_UNKNOWN = 'EVENT_UNKNOWN',
  EVENT_NOT_ALLOWED = 'EVENT_NOT_ALLOWED',
  ROLE_FORBIDDEN = 'ROLE_FORBIDDEN',
  PAYLOAD_INVALID = 'PAYLOAD_INVALID',
  REVISION_STALE = 'REVISION_STALE',
  SNAPSHOT_INCOMPATIBLE = 'SNAPSHOT_INCOMPATIBLE',
  CONTENTION = 'CONTENTION',
}

const STATUS: Record<EngineErrorCode, HttpStatus> = {
  WORKFLOW_NOT_FOUND: HttpStatus.BAD_REQUEST,
  CASE_NOT_FOUND: HttpStatus.NOT_FOUND,
  EVENT_UNKNOWN: HttpStatus.BAD_REQUEST,
  EVENT_NOT_ALLOWED: HttpStatus.UNPROCESSABLE_ENTITY,
  ROLE_FORBIDDEN: HttpStatus.FORBIDDEN,
  PAYLOAD_INVALID: HttpStatus.BAD_REQUEST,
  REVISION_STALE: HttpStatus.CONFLICT,
  SNAPSHOT_INCOMPATIBLE: HttpStatus.CONFLICT,
  CONTENTION: HttpStatus.SERVICE_UNAVAILABLE,
};

/** The engine's one exception type; the code says what went wrong, the status follows from it. */
export class EngineException extends Error {
  readonly status: HttpStatus;

  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'EngineException';
    this.status = STATUS[code];
  }
}
