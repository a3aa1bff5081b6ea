import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { TransitionEntity } from '../persistence/transition.entity';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields a history row's hash covers: everything but its own hash and storage id. */
export function hashedFields(row: Omit<TransitionEntity, 'id' | 'hash'>) {
  return {
    caseId: row.caseId,
    seq: row.seq,
    type: row.type,
    payload: row.payload,
    actorSub: row.actorSub,
    actorRoles: row.actorRoles,
    fromState: row.fromState,
    toState: row.toState,
    at: row.at,
    prevHash: row.prevHash,
  };
}

/** hash = sha256(prevHash + canonical JSON of the row). */
export function chainHash(row: Omit<TransitionEntity, 'id' | 'hash'>): string {
  return createHash('sha256')
    .update(row.prevHash + canonicalJson(hashedFields(row)))
    .digest('hex');
}
