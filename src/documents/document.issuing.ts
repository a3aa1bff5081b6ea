import type { EntityManager } from 'typeorm';
import type { DocumentDefinition, DocumentFact, DocumentSubject } from '../engine/document.types';
import { EngineErrorCode, IllegalOperationError, UserInputError } from '../engine/errors';
import type { RecordKind } from '../engine/history/record-event';
import type { CaseEntity } from '../engine/persistence/case.entity';
import { SubjectEntity } from '../engine/persistence/subject.entity';
import { TransitionEntity } from '../engine/persistence/transition.entity';
import { UnitEntity } from '../engine/persistence/unit.entity';
import type { StoredSnapshot } from '../engine/machine-snapshot';
import type { WorkflowDefinition } from '../engine/workflow.types';

/*
 * Which documents a case may have issued now, and what the document's composer is handed: the
 * case's subject, its history as facts, and its unit's name as printed.
 */

/** An issued document's history row: issued by the handling unit, under its number and name (`own`). */
export const DOCUMENT_RECORD: RecordKind = { type: 'record.document', reach: 'own' };
export const RECORD_DOCUMENT = DOCUMENT_RECORD.type;
/** An issued document voided (作废): its row names the document by number and hash (`voids`), and why. */
export const VOID_RECORD: RecordKind = { type: 'record.document.void', reach: 'own' };
/** A draft submitted for approval (送审) of a document its workflow has approved before issue. */
export const DRAFT_RECORD: RecordKind = { type: 'record.document.draft', reach: 'own' };
/** A leader's approval (审批/签发) of a submitted draft, or its return, with an optional 批示. */
export const APPROVAL_RECORD: RecordKind = { type: 'record.document.approval', reach: 'own' };

/** The context of a case row's stored snapshot. */
export function contextOf(row: CaseEntity): unknown {
  return (JSON.parse(row.snapshot) as StoredSnapshot).context;
}

/** Whether a document may be issued in the case's state (any of its regions) and context. */
export function issuable(doc: DocumentDefinition, state: string, context: unknown): boolean {
  const inState = state
    .split(',')
    .some((path) => doc.states.some((s) => path === s || path.startsWith(`${s}.`)));
  return inState && (doc.when?.(context) ?? true);
}

/** The kinds the case may have issued now, with their labels. */
export function issuableNow(wf: WorkflowDefinition, row: CaseEntity) {
  const context = contextOf(row);
  return Object.entries(wf.documents ?? {})
    .filter(([, doc]) => issuable(doc, row.state, context))
    .map(([kind, doc]) => ({ kind, label: doc.label, approval: doc.approval === true }));
}

/** The definition of `kind` in the workflow, or 400 (unknown kind). */
export function declaredDocument(wf: WorkflowDefinition, kind: string): DocumentDefinition {
  const doc = Object.hasOwn(wf.documents ?? {}, kind) ? wf.documents![kind] : undefined;
  const kinds = Object.keys(wf.documents ?? {});
  if (!doc) {
    throw new UserInputError(
      EngineErrorCode.DOCUMENT_UNKNOWN,
      `Workflow ${wf.name} has no document of kind "${kind}"` +
        (kinds.length ? `; its kinds: ${kinds.join(', ')}` : '; it declares no documents'),
      { kinds },
    );
  }
  return doc;
}

/** The definition of `kind` for the case, or 400 (unknown kind) / 422 (not in this state). */
export function definitionFor(wf: WorkflowDefinition, row: CaseEntity, kind: string): DocumentDefinition {
  const doc = declaredDocument(wf, kind);
  if (!issuable(doc, row.state, contextOf(row))) {
    const now = issuableNow(wf, row).map((d) => d.kind);
    throw new IllegalOperationError(
      EngineErrorCode.DOCUMENT_NOT_ALLOWED,
      `A ${doc.label.en} (${doc.label.zh}) cannot be issued while the case is in ${row.state}` +
        (now.length ? `; it may have issued now: ${now.join(', ')}` : '; no document may be issued now'),
      { state: row.state, issuable: now },
    );
  }
  return doc;
}

/** A unit's name as a document prints it: its Chinese words when it has any (names may be bilingual). */
export function printedName(name: string): string {
  const chinese = name.split(/\s+/).filter((w) => /[\u3400-\u9fff]/.test(w));
  return chinese.length ? chinese.join('') : name;
}

/** The subject, the history as facts, and the issuing unit's printed name (in `m`'s transaction, if any). */
export async function caseMaterial(m: EntityManager, row: CaseEntity, issuingUnit: string) {
  const [subject, unit, rows] = await Promise.all([
    m.findOneByOrFail(SubjectEntity, { id: row.subjectId }),
    m.findOneBy(UnitEntity, { code: issuingUnit }),
    m.find(TransitionEntity, { where: { caseId: row.id }, order: { seq: 'ASC' } }),
  ]);
  const facts: DocumentFact[] = rows.map((r) => ({
    type: r.type,
    at: r.at,
    actor: r.actorSub,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
  }));
  const person: DocumentSubject = {
    ref: subject.ref,
    kind: subject.kind,
    name: subject.name,
    ...(subject.organisation && { organisation: subject.organisation }),
    ...(subject.post && { post: subject.post }),
  };
  // Documents head and sign with the unit's full name (全称) when the units table has it.
  const unitName = unit?.fullName ?? printedName(unit?.name ?? issuingUnit);
  return { subject: person, facts, unitName };
}
