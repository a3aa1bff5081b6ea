import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { Actor } from '../engine/actor';
import { Clock } from '../engine/clock';
import { EngineService } from '../engine/engine.service';
import { BusyError, EngineErrorCode, NotFoundError } from '../engine/errors';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { mayRecord } from '../engine/history/record-event';
import { TransactionRunner } from '../engine/persistence/transaction.runner';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { AuditService } from '../audit/audit.service';
import { BlobStore } from '../files/blob.store';
import { DocumentFont } from './document.font';
import { issuableNow, DOCUMENT_RECORD, RECORD_DOCUMENT } from './document.issuing';
import { composeDraft, Redraft, sameDraft, type Draft, type DraftRequest } from './document.draft';
import { renderDocument } from './document.renderer';

/** What the history row of an issued document holds (its payload). */
export interface IssuedPayload {
  kind: string;
  number: string;
  title: string;
  sha256: string;
  size: number;
}

/** An issued document as listed: its history row's payload, when and by whom. */
export interface IssuedDocument extends IssuedPayload {
  seq: number;
  issuedAt: string;
  issuedBy: string;
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

  async issue(caseId: string, kind: string, actor: Actor): Promise<IssuedDocument> {
    const c = await this.audit.caseOrFail(caseId, actor);
    this.jurisdiction.assertActs(actor, c.unitId, DOCUMENT_RECORD.reach === 'above');
    // The issuing unit is the caller's (the case's own, as the record kind's reach is `own`).
    const request = { kind, issuingUnit: actor.unit ?? c.unitId, issuedAt: this.clock.now().toISOString() };
    const wf = this.registry.get(c.workflow, c.workflowVersion);
    const fonts = this.font.require();
    let draft = await composeDraft(this.tx.dataSource.manager, this.tx.isPostgres, wf, c, request, false);
    for (let rendering = 1; ; rendering++) {
      const pdf = await renderDocument(draft.model, fonts, { issuedAt: request.issuedAt });
      try {
        return await this.record(caseId, actor, request, draft, pdf);
      } catch (error) {
        if (!(error instanceof Redraft)) throw error;
        if (rendering >= MAX_RENDERINGS) throw busy(draft.number);
        draft = error.draft;
      }
    }
  }

  /** Stores the rendered PDF and records it, if the case's transaction composes the same draft (else Redraft). */
  private async record(caseId: string, actor: Actor, request: DraftRequest, draft: Draft, pdf: Buffer) {
    // A rendering that is not recorded leaves its file to the file sweep.
    const blob = await this.blobs.put(pdf);
    const { kind } = request;
    const { sha256, size } = blob;
    const issued: IssuedPayload = { kind, number: draft.number, title: draft.model.title, sha256, size };
    const result = await this.engine.record(caseId, DOCUMENT_RECORD, { kind }, actor, {
      completeRecord: async (m, row) => {
        const wf = this.registry.get(row.workflow, row.workflowVersion);
        const now = await composeDraft(m, this.tx.isPostgres, wf, row, request, true);
        if (!sameDraft(now, draft)) throw new Redraft(now);
        return { ...issued };
      },
    });
    return { ...issued, seq: result.revision ?? 0, issuedAt: result.row.updatedAt, issuedBy: actor.sub };
  }

  /** The documents issued on a case within reach, and the kinds it may have issued now. */
  async list(caseId: string, actor: Actor) {
    const c = await this.audit.caseOrFail(caseId, actor);
    const wf = this.registry.get(c.workflow, c.workflowVersion);
    const issued: IssuedDocument[] = (await this.audit.history(c))
      .filter((h) => h.type === RECORD_DOCUMENT)
      .map((h) => ({ ...(h.payload as IssuedPayload), seq: h.seq, issuedAt: h.at, issuedBy: h.actor.sub }));
    const allowed = this.registry.rolesFor('issueDocuments');
    const mayIssue =
      actor.roles.some((r) => allowed.includes(r)) && mayRecord(DOCUMENT_RECORD, actor, c.unitId);
    return { case: c, issued, issuable: issuableNow(wf, c), available: this.font.fonts !== null, mayIssue };
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

function busy(number: string): BusyError {
  return new BusyError(
    EngineErrorCode.CONTENTION,
    `Other documents kept taking the next number (last tried: ${number}); issue it again`,
  );
}
