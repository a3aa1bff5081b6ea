import { APPROVAL_RECORD, DOCUMENT_RECORD, DRAFT_RECORD, VOID_RECORD } from './document.issuing';

/*
 * The documents of a case as its history tells them: issued (and voided), drafts submitted for
 * approval and the approvals given. All of it is rows of the case's hash chain (record.document*),
 * so the ledger is read, never stored apart.
 */

/** What the history row of an issued document holds (its payload). */
export interface IssuedPayload {
  kind: string;
  number: string;
  title: string;
  sha256: string;
  size: number;
  /** Issued again (再次出具): the seq of the document it follows, and why. */
  reissueOf?: number;
  reason?: string;
  /** The approval (record.document.approval) it was issued under, when its kind needs one. */
  approvalSeq?: number;
}

/** A voided document (作废): by whom, when, why, and the seq of the voiding row. */
export interface Voiding {
  seq: number;
  at: string;
  by: string;
  reason: string;
}

/** An issued document as listed: its history row's payload, when and by whom, and its voiding if any. */
export interface IssuedDocument extends IssuedPayload {
  seq: number;
  issuedAt: string;
  issuedBy: string;
  voided?: Voiding;
}

export interface VoidPayload {
  kind: string;
  number: string;
  /** The SHA-256 of the voided document (not `sha256`: the void row records no file). */
  voids: string;
  voidsSeq: number;
  reason: string;
}

export interface DraftPayload {
  kind: string;
  title: string;
  note?: string;
}

export interface ApprovalPayload {
  kind: string;
  draftSeq: number;
  approved: boolean;
  /** The leader's 批示. */
  comment?: string;
}

/** A draft submitted for approval, and the decision on it once given. */
export interface DocumentDraft {
  seq: number;
  kind: string;
  title: string;
  note?: string;
  submittedAt: string;
  submittedBy: string;
  status: 'pending' | 'approved' | 'returned' | 'issued';
  decision?: { seq: number; at: string; by: string; approved: boolean; comment?: string };
  /** The seq of the document issued under its approval. */
  issuedSeq?: number;
}

/** A history row as the ledger reads it. */
export interface LedgerRow {
  seq: number;
  type: string;
  at: string;
  actor: string;
  payload: unknown;
}

export interface DocumentLedger {
  issued: IssuedDocument[];
  drafts: DocumentDraft[];
}

export function documentLedger(rows: readonly LedgerRow[]): DocumentLedger {
  const issued: IssuedDocument[] = [];
  const drafts: DocumentDraft[] = [];
  for (const row of rows) {
    if (row.type === DOCUMENT_RECORD.type) {
      const p = row.payload as IssuedPayload;
      issued.push({ ...p, seq: row.seq, issuedAt: row.at, issuedBy: row.actor });
      const draft = drafts.find((d) => d.decision?.seq === p.approvalSeq && p.approvalSeq !== undefined);
      if (draft) Object.assign(draft, { status: 'issued', issuedSeq: row.seq });
    } else if (row.type === VOID_RECORD.type) {
      const p = row.payload as VoidPayload;
      const doc = issued.find((d) => d.seq === p.voidsSeq);
      if (doc) doc.voided = { seq: row.seq, at: row.at, by: row.actor, reason: p.reason };
    } else if (row.type === DRAFT_RECORD.type) {
      const p = row.payload as DraftPayload;
      drafts.push({
        seq: row.seq,
        kind: p.kind,
        title: p.title,
        ...(p.note !== undefined && { note: p.note }),
        submittedAt: row.at,
        submittedBy: row.actor,
        status: 'pending',
      });
    } else if (row.type === APPROVAL_RECORD.type) {
      const p = row.payload as ApprovalPayload;
      const draft = drafts.find((d) => d.seq === p.draftSeq);
      if (!draft) continue;
      draft.status = p.approved ? 'approved' : 'returned';
      draft.decision = {
        seq: row.seq,
        at: row.at,
        by: row.actor,
        approved: p.approved,
        ...(p.comment !== undefined && { comment: p.comment }),
      };
    }
  }
  return { issued, drafts };
}

/** The documents of `kind` issued and not voided (in force). */
export function inForce(ledger: DocumentLedger, kind: string): IssuedDocument[] {
  return ledger.issued.filter((d) => d.kind === kind && !d.voided);
}

/** The draft of `kind` approved and not yet issued, if any (an approval serves one issue). */
export function approvedDraft(ledger: DocumentLedger, kind: string): DocumentDraft | undefined {
  return ledger.drafts.filter((d) => d.kind === kind && d.status === 'approved').at(-1);
}

/** The draft of `kind` awaiting a decision, if any. */
export function pendingDraft(ledger: DocumentLedger, kind: string): DocumentDraft | undefined {
  return ledger.drafts.find((d) => d.kind === kind && d.status === 'pending');
}
