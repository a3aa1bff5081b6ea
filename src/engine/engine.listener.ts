import type { DeadlineEntity } from './persistence/deadline.entity';

/** What a committed change did, for the drivers and observers that plug into the engine. */
export interface CommitResult {
  caseId: string;
  created: boolean;
  /** The state and revision after the commit. */
  to?: string;
  revision?: number;
  /** Deadlines that were already due and fired before the event. */
  caughtUp?: string[];
  /** Deadlines scheduled and cancelled by the commit, for the queue driver. */
  scheduled: DeadlineEntity[];
  cancelled: string[];
  /** The handling unit the commit moved the case to (transferUnit). */
  movedTo?: string;
}

/** Called after a commit that changed deadlines; the queue driver plugs in here. */
export interface DeadlineCommitListener {
  afterCommit(scheduled: DeadlineEntity[], cancelledIds: string[]): void;
}
export const DEADLINE_COMMIT_LISTENER = Symbol('DEADLINE_COMMIT_LISTENER');

/** Counts and timings of the engine's work, for metrics. */
export interface EngineObserver {
  /** One event committed (timeouts are reported as event `timeout`). */
  committed(workflow: string, event: string, seconds: number): void;
}
export const ENGINE_OBSERVER = Symbol('ENGINE_OBSERVER');

/** A committed change of one case, as announced to whoever watches the case (live refresh). */
export interface CaseChange {
  caseId: string;
  revision: number;
  state: string;
}

/**
 * Told after every commit that changed a case (never inside the transaction); the live-refresh
 * capability plugs in here and spreads the news to every process. Must not throw or block.
 */
export interface CaseChangePublisher {
  committed(change: CaseChange): void;
}
export const CASE_CHANGE_PUBLISHER = Symbol('CASE_CHANGE_PUBLISHER');

/**
 * Told after every commit (never inside the transaction) that the case's outbox rows (change_outbox,
 * written in the commit) may be drained now; the notices capability plugs in here. A lost call is
 * harmless: its sweep drains what is left. Must not throw or block.
 */
export interface ChangeOutboxListener {
  committed(caseId: string): void;
}
export const CHANGE_OUTBOX_LISTENER = Symbol('CHANGE_OUTBOX_LISTENER');
