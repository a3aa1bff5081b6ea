import type { DocumentFact } from '../src/engine/document.types';
import type { SubjectInput } from '../src/engine/workflow.types';

/*
 * Small helpers the workflows' documents (文书) share: how a subject is addressed,
 * and the number of a document issued earlier on the same case.
 */

/** How a document addresses its subject: 张三同志 for a person, the organisation's name otherwise. */
export function addressee(subject: SubjectInput): string {
  return subject.kind === 'individual' ? `${subject.name}同志` : subject.name;
}

/** The subject with organisation and post, as the first lines of a decision describe them. */
export function subjectLine(subject: SubjectInput): string {
  const where = [subject.organisation, subject.post].filter(Boolean).join('');
  return where ? `${subject.name}，${where}。` : `${subject.name}。`;
}

/** The number of the last document of `kind` issued on the case, or null. */
export function issuedNumber(facts: DocumentFact[], kind: string): string | null {
  const found = facts.filter((f) => f.type === 'record.document' && f.payload.kind === kind).at(-1);
  return typeof found?.payload.number === 'string' ? found.payload.number : null;
}

/** Lines to be filled in by hand on a printed form (送达回证 and the like). */
export const BLANK = '＿＿＿＿＿＿＿＿';
/** A shorter blank, for two on one line. */
export const SHORT_BLANK = '＿＿＿＿＿＿';
