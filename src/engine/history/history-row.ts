import type { Actor } from '../actor';
import type { CaseEntity } from '../persistence/case.entity';
import type { TransitionEntity } from '../persistence/transition.entity';
import type { MachineEvent } from '../workflow.types';
import { canonicalJson } from './canonical-json';
import { chainHash } from './hash-chain';

export type HistoryRow = Omit<TransitionEntity, 'id'>;

/** The next history row of a case, chained to its head. */
export function historyRow(
  row: Pick<CaseEntity, 'id' | 'revision' | 'headHash'>,
  event: MachineEvent,
  actor: Actor,
  from: string | null,
  to: string,
): HistoryRow {
  const fields = {
    caseId: row.id,
    seq: row.revision + 1,
    type: event.type,
    payload: canonicalJson(event.payload),
    actorSub: actor.sub,
    actorRoles: canonicalJson([...actor.roles].sort()),
    fromState: from,
    toState: to,
    at: event.at,
    prevHash: row.headHash,
  };
  return { ...fields, hash: chainHash(fields) };
}
