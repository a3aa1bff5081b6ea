import { In, type EntityManager } from 'typeorm';
import { TransitionEntity } from '../engine/persistence/transition.entity';
import type { HistoryEntry } from '../audit/audit.service';
import { APPROVAL_RECORD, DOCUMENT_RECORD, DRAFT_RECORD, VOID_RECORD } from './document.issuing';
import { documentLedger, type DocumentLedger } from './document.ledger';

/** The documents a case's history holds: issued, voided, drafts and their approvals. */
export function ledgerOf(rows: readonly (HistoryEntry | TransitionEntity)[]): DocumentLedger {
  return documentLedger(
    rows.map((r) =>
      r instanceof TransitionEntity
        ? { seq: r.seq, type: r.type, at: r.at, actor: r.actorSub, payload: JSON.parse(r.payload) as unknown }
        : { seq: r.seq, type: r.type, at: r.at, actor: r.actor.sub, payload: r.payload },
    ),
  );
}

/** The case's document rows, read in the write transaction (the case row is locked). */
export function rowsOf(m: EntityManager, caseId: string): Promise<TransitionEntity[]> {
  return m.find(TransitionEntity, {
    where: { caseId, type: In(DOCUMENT_TYPES) },
    order: { seq: 'ASC' },
  });
}

const DOCUMENT_TYPES = [DOCUMENT_RECORD, VOID_RECORD, DRAFT_RECORD, APPROVAL_RECORD].map((k) => k.type);
