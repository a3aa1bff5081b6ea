import { Injectable } from '@nestjs/common';
import type { Actor } from '../engine/actor';
import { EngineService } from '../engine/engine.service';
import {
  ConflictError,
  EngineErrorCode,
  IllegalOperationError,
  NotFoundError,
  UserInputError,
} from '../engine/errors';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { AuditService } from '../audit/audit.service';
import { APPROVAL_RECORD, definitionFor, DRAFT_RECORD } from './document.issuing';
import { pendingDraft, type ApprovalPayload, type DocumentDraft, type DraftPayload } from './document.ledger';
import { ledgerOf, rowsOf } from './document.rows';

/**
 * The approval (审批/签发) of a document before issue, where its workflow asks for one: a draft submitted
 * (送审), then approved or returned by another person with an optional 批示 — each a record on the chain.
 */
@Injectable()
export class DocumentApprovals {
  constructor(
    private readonly engine: EngineService,
    private readonly registry: WorkflowRegistry,
    private readonly audit: AuditService,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  /** Submits the draft of a kind its workflow has approved before issue (送审). */
  async submitDraft(
    caseId: string,
    kind: string,
    note: string | undefined,
    actor: Actor,
  ): Promise<DocumentDraft> {
    const c = await this.audit.caseOrFail(caseId, actor);
    this.jurisdiction.assertActs(actor, c.unitId, DRAFT_RECORD.reach === 'above');
    const wf = this.registry.get(c.workflow, c.workflowVersion);
    const first = definitionFor(wf, c, kind);
    if (!first.approval) {
      throw new UserInputError(
        EngineErrorCode.DOCUMENT_UNKNOWN,
        `A ${first.label.en} (${first.label.zh}) is issued without approval: issue it (POST /cases/${caseId}/documents)`,
      );
    }
    let title = first.label.zh;
    const result = await this.engine.record(caseId, DRAFT_RECORD, { kind }, actor, {
      completeRecord: async (m, row) => {
        const doc = definitionFor(this.registry.get(row.workflow, row.workflowVersion), row, kind);
        title = doc.label.zh;
        const pending = pendingDraft(ledgerOf(await rowsOf(m, row.id)), kind);
        if (pending) {
          throw new ConflictError(
            EngineErrorCode.DOCUMENT_DRAFT_PENDING,
            `A draft of the ${doc.label.en} (${doc.label.zh}) awaits approval already (history row ${pending.seq})`,
            { seq: pending.seq },
          );
        }
        const payload: DraftPayload = { kind, title, ...(note ? { note } : {}) };
        return { ...payload };
      },
    });
    return {
      seq: result.revision ?? 0,
      kind,
      title,
      ...(note ? { note } : {}),
      submittedAt: result.row.updatedAt,
      submittedBy: actor.sub,
      status: 'pending',
    };
  }

  /** Approves (审批/签发) or returns a submitted draft, with an optional 批示; not by the one who submitted it. */
  async decideDraft(
    caseId: string,
    draftSeq: number,
    approved: boolean,
    comment: string | undefined,
    actor: Actor,
  ): Promise<DocumentDraft> {
    const c = await this.audit.caseOrFail(caseId, actor);
    this.jurisdiction.assertActs(actor, c.unitId, APPROVAL_RECORD.reach === 'above');
    let decided: DocumentDraft | undefined;
    const result = await this.engine.record(caseId, APPROVAL_RECORD, {}, actor, {
      completeRecord: async (m, row) => {
        const draft = ledgerOf(await rowsOf(m, row.id)).drafts.find((d) => d.seq === draftSeq);
        if (!draft) {
          throw new NotFoundError(
            EngineErrorCode.DOCUMENT_NOT_FOUND,
            `No draft at history row ${draftSeq} of case ${caseId}`,
          );
        }
        if (draft.status !== 'pending') {
          throw new ConflictError(
            EngineErrorCode.DOCUMENT_DRAFT_PENDING,
            `The draft of the ${draft.title} at history row ${draftSeq} was ${draft.status} already`,
            { status: draft.status },
          );
        }
        if (draft.submittedBy === actor.sub) {
          throw new IllegalOperationError(
            EngineErrorCode.DOCUMENT_SELF_APPROVAL,
            `The draft of the ${draft.title} was submitted by you: another leader approves it`,
          );
        }
        decided = draft;
        const payload: ApprovalPayload = {
          kind: draft.kind,
          draftSeq,
          approved,
          ...(comment ? { comment } : {}),
        };
        return { ...payload };
      },
    });
    const seq = result.revision ?? 0;
    return {
      ...decided!,
      status: approved ? 'approved' : 'returned',
      decision: { seq, at: result.row.updatedAt, by: actor.sub, approved, ...(comment ? { comment } : {}) },
    };
  }
}
