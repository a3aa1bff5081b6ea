import type { EntityManager } from 'typeorm';
import { chinaDate, type DocumentModel } from '../engine/document.types';
import type { CaseEntity } from '../engine/persistence/case.entity';
import type { WorkflowDefinition } from '../engine/workflow.types';
import { chinaYear, formatDocumentNumber, nextDocumentNumber, peekDocumentNumber } from './document-number';
import { caseMaterial, contextOf, definitionFor } from './document.issuing';

/** A document composed for a case: its number and the model the renderer lays out. */
export interface Draft {
  number: string;
  model: DocumentModel;
}

/** What a document is composed from besides the case: who issues it, when, and its kind. */
export interface DraftRequest {
  kind: string;
  /** The issuing unit: its counter numbers the document and its name signs it. */
  issuingUnit: string;
  issuedAt: string;
}

/**
 * Composes the document of `request.kind` on the case row. `claim`: inside the transaction,
 * the number is taken from the issuing unit's counter (locked until commit); otherwise the number the
 * counter would give now is only read (a draft to render before the transaction).
 */
export async function composeDraft(
  m: EntityManager,
  isPostgres: boolean,
  wf: WorkflowDefinition,
  row: CaseEntity,
  request: DraftRequest,
  claim: boolean,
): Promise<Draft> {
  const doc = definitionFor(wf, row, request.kind);
  const { issuingUnit, issuedAt } = request;
  const context = contextOf(row);
  // The case's own number for the document (the decision's 决定文号), else the unit's counter.
  const own = doc.numberOf?.(context)?.trim();
  const year = chinaYear(issuedAt);
  const count = claim ? nextDocumentNumber : peekDocumentNumber;
  const number = own
    ? own
    : formatDocumentNumber(
        doc.numberCode,
        year,
        await count(m, isPostgres, issuingUnit, year, doc.numberCode),
      );
  const material = await caseMaterial(m, row, issuingUnit);
  const model = doc.compose({
    ...material,
    context,
    state: row.state,
    number,
    issuedAt,
    issuedOn: chinaDate(issuedAt),
  });
  return { number, model };
}

/** Whether two drafts lay out the same document (the same number, words and signature). */
export function sameDraft(a: Draft, b: Draft): boolean {
  return a.number === b.number && JSON.stringify(a.model) === JSON.stringify(b.model);
}

/** Thrown inside the transaction when the document composed there differs from the one rendered. */
export class Redraft extends Error {
  constructor(readonly draft: Draft) {
    super('The document changed while it was rendered; it is rendered again');
  }
}
