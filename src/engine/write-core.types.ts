import type { EntityManager } from 'typeorm';
import type { AnyMachineSnapshot } from 'xstate';
import type { CommitResult } from './engine.listener';
import type { EngineError } from './errors';
import type { EventKey } from './event-keys';
import type { DeadlineEntity } from './persistence/deadline.entity';
import type { TxTiming } from './persistence/transaction.runner';
import type { MachineEvent, WorkflowDefinition, WorkflowEffect } from './workflow.types';
import type { CaseEntity } from './persistence/case.entity';

export interface ApplyOptions {
  ifMatch?: number;
  dryRun?: boolean;
  /** For deadline firing: the deadline row being fired and its due time (stamped as `at`). */
  deadline?: { id: string; dueAt: string };
  /**
   * For a record (WriteCore.record): fields of its payload that can only be known inside its
   * transaction, on the locked case row (a document's number, say); merged into the payload.
   */
  completeRecord?: (m: EntityManager, row: CaseEntity) => Promise<Record<string, unknown>>;
  /**
   * Reads the caller needs of the case as committed, done at the end of the transaction on its
   * connection (the answer's view, say: no second wait for a connection of the pool); in `alsoRead`.
   */
  alsoRead?: (m: EntityManager, row: CaseEntity) => Promise<unknown>;
  /** The event's Idempotency-Key: checked on the locked row before anything else, kept with the event. */
  once?: EventKey;
}

/** An event sent again with its Idempotency-Key and the same body: nothing applied, answer with the case. */
export interface Replayed {
  replayed: true;
  caseId: string;
}

/** A committed event: what changed, and the case row as committed (so callers need not read it again). */
export interface Applied extends CommitResult {
  row: CaseEntity;
  workflow: WorkflowDefinition;
  /** The event was refused after due deadlines were fired and committed: throw it once they are driven. */
  refusal?: EngineError;
  /** What ApplyOptions.alsoRead read, inside the transaction. */
  alsoRead?: unknown;
  /** The machine snapshot as committed (so that the answer need not restore it again). */
  snapshot?: AnyMachineSnapshot;
  /** Where the time went (ms): reading and validating, waiting for the transaction, inside it. */
  timing: { validateMs: number } & TxTiming;
}

export interface DryRunResult {
  dryRun: true;
  from: string;
  to: string;
  snapshot: AnyMachineSnapshot;
  scheduled: DeadlineEntity[];
  effects: WorkflowEffect[];
}

/** An event checked against the case row it is for, with that case's workflow. */
export interface Prepared {
  wf: WorkflowDefinition;
  event: MachineEvent;
}
