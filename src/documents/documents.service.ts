import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { Actor } from '../engine/actor';
import { Clock } from '../engine/clock';
import { EngineService } from '../engine/engine.service';
import type { DocumentDefinition } from '../engine/document.types';
import {
  BusyError,
  ConflictError,
  EngineErrorCode,
  IllegalOperationError,
  NotFoundError,
} from '../engine/errors';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { mayRecord } from '../engine/history/record-event';
import { TransactionRunner } from '../engine/persistence/transaction.runner';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { AuditService } from '../audit/audit.service';
import { BlobStore } from '../files/blob.store';
import { DocumentFont } from './document.font';
import { definitionFor, DOCUMENT_RECORD, issuableNow, VOID_RECORD } from './document.issuing';
import {
  approvedDraft,
  inForce,
  pendingDraft,
  type DocumentLedger,
  type IssuedDocument,
  type IssuedPayload,
  type VoidPayload,
} from './document.ledger';
import { composeDraft, Redraft, sameDraft, type Draft, type DraftRequest } from './document.draft';
import { renderDocument } from './document.renderer';
import { ledgerOf, rowsOf } from './document.rows';

export type { DocumentDraft, IssuedDocument, IssuedPayload } from './document.ledger';

/** Issuing a kind again, when one is in force: the explicit confirmation and its reason. */
export interface IssueOptions {
  confirm?: boolean;
  reason?: string;
}

/** Renderings of one issue before it gives up (each one lost to a concurrent issue of the same code). */
const MAX_RENDERINGS = 8;

/**
 * Documents (文书): composed and rendered to PDF outside the write transaction (rendering takes 80–200
 * ms, during which SQLite would hold every other write), then recorded on the case's chain in one
 * transaction that takes the number from the issuing unit's counter and composes the document again on
 * the locked case: when that is the document rendered, its hash is recorded; when it is not (another
 * document took the number, the case moved on), the new composition is rendered and tried again. So
 * the number is unique and gapless and the recorded hash is that of the stored PDF.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly engine: EngineService,
    private readonly registry: WorkflowRegistry,
    private readonly tx: TransactionRunner,
    private readonly blobs: BlobStore,
    private readonly font: DocumentFont,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  async issue(
    caseId: string,
    kind: string,
    actor: Actor,
    options: IssueOptions = {},
  ): Promise<IssuedDocument> {
    const c = await this.audit.caseOrFail(caseId, actor);
    this.jurisdiction.assertActs(actor, c.unitId, DOCUMENT_RECORD.reach === 'above');
    // The issuing unit is the caller's (the case's own, as the record kind's reach is `own`).
    const request = { kind, issuingUnit: actor.unit ?? c.unitId, issuedAt: this.clock.now().toISOString() };
    const wf = this.registry.get(c.workflow, c.workflowVersion);
    const definition = definitionFor(wf, c, kind);
    // Checked before rendering (a refusal costs nothing), and again on the locked case.
    issueTerms(definition, kind, ledgerOf(await this.audit.history(c)), options);
    const fonts = this.font.require();
    let draft = await composeDraft(this.tx.dataSource.manager, this.tx.isPostgres, wf, c, request, false);
    for (let rendering = 1; ; rendering++) {
      const pdf = await renderDocument(draft.model, fonts, { issuedAt: request.issuedAt });
      try {
        return await this.record(caseId, actor, request, draft, pdf, options);
      } catch (error) {
        if (!(error instanceof Redraft)) throw error;
        if (rendering >= MAX_RENDERINGS) throw busy(draft.number);
        draft = error.draft;
      }
    }
  }

  /** Stores the rendered PDF and records it, if the case's transaction composes the same draft (else Redraft). */
  private async record(
    caseId: string,
    actor: Actor,
    request: DraftRequest,
    draft: Draft,
    pdf: Buffer,
    options: IssueOptions,
  ) {
    // A rendering that is not recorded leaves its file to the file sweep.
    const blob = await this.blobs.put(pdf);
    const { kind } = request;
    const { sha256, size } = blob;
    let issued: IssuedPayload = { kind, number: draft.number, title: draft.model.title, sha256, size };
    const result = await this.engine.record(caseId, DOCUMENT_RECORD, { kind }, actor, {
      completeRecord: async (m, row) => {
        const wf = this.registry.get(row.workflow, row.workflowVersion);
        const terms = issueTerms(
          definitionFor(wf, row, kind),
          kind,
          ledgerOf(await rowsOf(m, row.id)),
          options,
        );
        const now = await composeDraft(m, this.tx.isPostgres, wf, row, request, true);
        if (!sameDraft(now, draft)) throw new Redraft(now);
        issued = { ...issued, ...terms };
        return { ...issued };
      },
    });
    return { ...issued, seq: result.revision ?? 0, issuedAt: result.row.updatedAt, issuedBy: actor.sub };
  }

  /** Voids (作废) an issued document: a row on the case's chain naming it and why; the PDF stays readable. */
  async void(caseId: string, sha256: string, reason: string, actor: Actor): Promise<IssuedDocument> {
    const c = await this.audit.caseOrFail(caseId, actor);
    this.jurisdiction.assertActs(actor, c.unitId, VOID_RECORD.reach === 'above');
    const hash = sha256.toLowerCase();
    let voided: IssuedDocument | undefined;
    const result = await this.engine.record(caseId, VOID_RECORD, {}, actor, {
      completeRecord: async (m, row) => {
        const doc = ledgerOf(await rowsOf(m, row.id)).issued.find((d) => d.sha256 === hash);
        if (!doc) {
          throw new NotFoundError(
            EngineErrorCode.DOCUMENT_NOT_FOUND,
            `No document ${sha256} on case ${caseId}`,
          );
        }
        if (doc.voided) {
          throw new ConflictError(
            EngineErrorCode.DOCUMENT_VOIDED,
            `${doc.title} ${doc.number} was voided already (history row ${doc.voided.seq}: ${doc.voided.reason})`,
            { seq: doc.voided.seq },
          );
        }
        voided = doc;
        const payload: VoidPayload = {
          kind: doc.kind,
          number: doc.number,
          voids: doc.sha256,
          voidsSeq: doc.seq,
          reason,
        };
        return { ...payload };
      },
    });
    const seq = result.revision ?? 0;
    return { ...voided!, voided: { seq, at: result.row.updatedAt, by: actor.sub, reason } };
  }

  /** The PDF a kind would be issued as now (number as the counter would give it), for reading before issue. */
  async preview(
    caseId: string,
    kind: string,
    actor: Actor,
  ): Promise<{ unitId: string; pdf: Buffer; title: string }> {
    const c = await this.audit.caseOrFail(caseId, actor);
    const wf = this.registry.get(c.workflow, c.workflowVersion);
    const request = { kind, issuingUnit: actor.unit ?? c.unitId, issuedAt: this.clock.now().toISOString() };
    const fonts = this.font.require();
    const draft = await composeDraft(this.tx.dataSource.manager, this.tx.isPostgres, wf, c, request, false);
    const pdf = await renderDocument(draft.model, fonts, { issuedAt: request.issuedAt });
    return { unitId: c.unitId, pdf, title: draft.model.title };
  }

  /** The documents issued on a case within reach, its drafts, and the kinds it may have issued now. */
  async list(caseId: string, actor: Actor) {
    const c = await this.audit.caseOrFail(caseId, actor);
    const wf = this.registry.get(c.workflow, c.workflowVersion);
    const { issued, drafts } = ledgerOf(await this.audit.history(c));
    const allowed = this.registry.rolesFor('issueDocuments');
    const approvers = this.registry.rolesFor('approveDocuments');
    const own = mayRecord(DOCUMENT_RECORD, actor, c.unitId);
    const mayIssue = actor.roles.some((r) => allowed.includes(r)) && own;
    const mayApprove = actor.roles.some((r) => approvers.includes(r)) && own;
    return {
      case: c,
      issued,
      drafts,
      issuable: issuableNow(wf, c),
      available: this.font.fonts !== null,
      mayIssue,
      mayApprove,
    };
  }

  /** The PDF of a document issued on the case (404 for any other hash, or a file gone from the store). */
  async open(
    caseId: string,
    sha256: string,
    actor: Actor,
  ): Promise<{ doc: IssuedDocument; unitId: string; stream: Readable }> {
    const { issued, case: c } = await this.list(caseId, actor);
    const doc = issued.find((d) => d.sha256 === sha256.toLowerCase());
    const stream = doc ? await this.blobs.open(doc.sha256) : null;
    if (!doc || !stream) {
      throw new NotFoundError(
        EngineErrorCode.DOCUMENT_NOT_FOUND,
        doc
          ? `The file of document ${doc.number} is missing from the store`
          : `No document ${sha256} on case ${caseId}`,
      );
    }
    return { doc, unitId: c.unitId, stream };
  }
}

/** What an issue adds to its row: the document it follows (with the reason) and the approval it uses. */
type IssueTerms = Pick<IssuedPayload, 'reissueOf' | 'reason' | 'approvalSeq'>;

/**
 * Whether the kind may be issued now, given the case's documents: one in force is issued again only
 * with `confirm` and a reason (409 / 422 otherwise); a kind needing approval needs an approved draft (422).
 */
function issueTerms(
  doc: DocumentDefinition,
  kind: string,
  ledger: DocumentLedger,
  options: IssueOptions,
): IssueTerms {
  const terms: IssueTerms = {};
  const current = inForce(ledger, kind).at(-1);
  if (current) {
    const what = `${doc.label.en} (${doc.label.zh}) ${current.number}`;
    if (options.confirm !== true) {
      throw new ConflictError(
        EngineErrorCode.DOCUMENT_ISSUED,
        `The ${what} was issued already (history row ${current.seq}, ${current.issuedAt}); to issue it again ` +
          'send confirm: true with a reason, or void it first',
        { seq: current.seq, number: current.number, sha256: current.sha256 },
      );
    }
    const reason = options.reason?.trim();
    if (!reason) {
      throw new IllegalOperationError(
        EngineErrorCode.DOCUMENT_REASON_REQUIRED,
        `Issuing the ${what} again needs a reason (reason: why it is issued again)`,
      );
    }
    Object.assign(terms, { reissueOf: current.seq, reason });
  }
  if (doc.approval) {
    const approved = approvedDraft(ledger, kind);
    if (!approved?.decision) {
      const pending = pendingDraft(ledger, kind);
      throw new IllegalOperationError(
        EngineErrorCode.DOCUMENT_APPROVAL_REQUIRED,
        `A ${doc.label.en} (${doc.label.zh}) is issued once a leader approved its draft: ` +
          (pending
            ? `the draft at history row ${pending.seq} awaits approval`
            : 'submit a draft first (POST …/documents/drafts)'),
      );
    }
    terms.approvalSeq = approved.decision.seq;
  }
  return terms;
}

function busy(number: string): BusyError {
  return new BusyError(
    EngineErrorCode.CONTENTION,
    `Other documents kept taking the next number (last tried: ${number}); issue it again`,
  );
}
