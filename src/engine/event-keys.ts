import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { EngineErrorCode, IllegalOperationError } from './errors';
import { canonicalJson } from './history/canonical-json';
import { IdempotencyKeyEntity } from './persistence/case.entity';

/**
 * An Idempotency-Key sent with an event, as on opening: kept in the same table (one namespace per
 * caller, so a key used to open a case is not a key for an event either), with the hash of the request
 * it was first used for — the case, the event type and the payload.
 */
export class EventKey {
  readonly requestHash: string;

  /** `key`: the caller's key, already scoped to the caller (see the cases controller). */
  constructor(
    readonly key: string,
    caseId: string,
    type: string,
    payload: unknown,
  ) {
    const request = canonicalJson({ caseId, type, payload: payload ?? null });
    this.requestHash = createHash('sha256').update(request).digest('hex');
  }

  /**
   * Throws AlreadyApplied when the key was used for this very request (answer with the case, apply
   * nothing), and 422 when it was used for another; returns when the key is new.
   */
  async check(m: EntityManager): Promise<void> {
    const used = await m.findOneBy(IdempotencyKeyEntity, { key: this.key });
    if (!used) return;
    if (used.requestHash === this.requestHash) throw new AlreadyApplied(used.caseId);
    throw new IllegalOperationError(
      EngineErrorCode.IDEMPOTENCY_KEY_REUSED,
      'This Idempotency-Key was already used for another request (another event, payload or case); use a new key',
    );
  }

  /** Keeps the key, in the transaction of the event it was sent with. */
  async remember(m: EntityManager, caseId: string, actorSub: string, at: string): Promise<void> {
    await m.insert(IdempotencyKeyEntity, {
      key: this.key,
      actorSub,
      caseId,
      requestHash: this.requestHash,
      createdAt: at,
    });
  }
}

/** The event was applied before under the same key and body: nothing is applied again. */
export class AlreadyApplied extends Error {
  constructor(readonly caseId: string) {
    super(`The event with this Idempotency-Key was already applied to case ${caseId}`);
  }
}
