import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { Actor } from '../engine/actor';
import { Clock } from '../engine/clock';
import { EngineService } from '../engine/engine.service';
import { EngineErrorCode, NotFoundError } from '../engine/errors';
import { TransactionRunner } from '../engine/persistence/transaction.runner';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { AuditService } from '../audit/audit.service';
import { BlobStore } from '../files/blob.store';
import { DocumentFont } from './document.font';
import { caseMaterial, contextOf, definitionFor, issuableNow, RECORD_DOCUMENT } from './document.issuing';
import { chinaDate } from '../engine/document.types';
import { chinaYear, formatDocumentNumber, nextDocumentNumber } from './document-number';
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

/**
 * Documents (文书): numbered, rendered and stored inside the transaction that records them on the
 * case's chain, so the number is unique and the recorded hash is that of the stored PDF.
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
  ) {}

  async issue(caseId: string, kind: string, actor: Actor): Promise<IssuedDocument> {
    const issuedAt = this.clock.now().toISOString();
    // Every attempt (a transaction may be retried) stores its PDF; the file sweep collects the others.
    let issued: IssuedPayload | undefined;
    {
      const result = await this.engine.record(caseId, RECORD_DOCUMENT, { kind }, actor, {
        completeRecord: async (m, row) => {
          const wf = this.registry.get(row.workflow, row.workflowVersion);
          const doc = definitionFor(wf, row, kind);
          const fonts = this.font.require();
          const year = chinaYear(issuedAt);
          const seq = await nextDocumentNumber(m, this.tx.isPostgres, row.unitId, year, doc.numberCode);
          const number = formatDocumentNumber(doc.numberCode, year, seq);
          const material = await caseMaterial(m, row);
          const model = doc.compose({
            ...material,
            context: contextOf(row),
            state: row.state,
            number,
            issuedAt,
            issuedOn: chinaDate(issuedAt),
          });
          const blob = await this.blobs.put(await renderDocument(model, fonts, { issuedAt }));
          issued = { kind, number, title: model.title, sha256: blob.sha256, size: blob.size };
          return { ...issued };
        },
      });
      const kept = issued!;
      return { ...kept, seq: result.revision ?? 0, issuedAt: result.row.updatedAt, issuedBy: actor.sub };
    }
  }

  /** The documents issued on a case within reach, and the kinds it may have issued now. */
  async list(caseId: string, actor: Actor) {
    const c = await this.audit.caseOrFail(caseId, actor);
    const wf = this.registry.get(c.workflow, c.workflowVersion);
    const issued: IssuedDocument[] = (await this.audit.history(c))
      .filter((h) => h.type === RECORD_DOCUMENT)
      .map((h) => ({ ...(h.payload as IssuedPayload), seq: h.seq, issuedAt: h.at, issuedBy: h.actor.sub }));
    const allowed = this.registry.rolesFor('issueDocuments');
    const mayIssue = actor.roles.some((r) => allowed.includes(r));
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
