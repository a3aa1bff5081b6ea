import { BusyError, ConflictError, EngineErrorCode } from './errors';
import { isBusy, isDeadlock, isUniqueViolation } from './persistence/driver-errors';

const MAX_ATTEMPTS = 50;

/** Another writer changed the case between our read and our update. */
export class RevisionConflict extends Error {}

/**
 * Without If-Match, concurrent senders are serialised: a lost race is retried on the new state.
 * With If-Match (`staleRevision`), a lost race is the caller's stale read: 409.
 */
export async function withRetry<T>(work: () => Promise<T>, staleRevision?: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (error instanceof RevisionConflict && staleRevision !== undefined) {
        throw new ConflictError(
          EngineErrorCode.REVISION_STALE,
          `Revision ${staleRevision} is no longer current: someone changed the case at the same time; reload it`,
          { revision: staleRevision },
        );
      }
      // A transaction PostgreSQL chose to end in a deadlock wrote nothing: it is tried again, as a lost race.
      const retriable =
        error instanceof RevisionConflict || isUniqueViolation(error) || isBusy(error) || isDeadlock(error);
      if (!retriable) throw error;
      if (attempt >= MAX_ATTEMPTS) {
        throw new BusyError(EngineErrorCode.CONTENTION, 'The case is too busy right now; try again');
      }
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}

/** 409 when the caller's If-Match is not the case's revision. */
export function checkRevision(row: { revision: number; state: string }, ifMatch: number | undefined): void {
  if (ifMatch !== undefined && row.revision !== ifMatch) {
    throw new ConflictError(
      EngineErrorCode.REVISION_STALE,
      `The case is at revision ${row.revision}, not ${ifMatch}: someone changed it since you read it`,
      { revision: row.revision, state: row.state },
    );
  }
}
