/*
 * Documents (文书) a workflow declares: what may be issued in which state, and a pure function that
 * turns the case into a document model. The service numbers, renders (GB/T 9704 layout) and keeps
 * them; it knows no document's words.
 */

/** The subject of the case, as the subject table holds it (the shape of workflow.types' SubjectInput). */
export interface DocumentSubject {
  ref: string;
  kind: 'individual' | 'organisation';
  name: string;
  organisation?: string;
  post?: string;
}

/** One part of a document's body: an optional heading, then paragraphs (each first-line indented). */
export interface DocumentSection {
  heading?: string;
  paragraphs: string[];
}

/** A document as a workflow composes it; the renderer lays out any such model. */
export interface DocumentModel {
  title: string;
  /** The document number (文号) as printed, e.g. 县纪问决〔2026〕3号. */
  number: string;
  /** To whom it is addressed (主送), printed before the body with a full-width colon. */
  recipient?: string;
  sections: DocumentSection[];
  /** The issuing unit and date, bottom right (落款). */
  signature: { unit: string; date: string };
  /** A line under the body, e.g. who receives copies (抄送); optional. */
  footnote?: string;
  /** The issuing authority's header (版头, GB/T 9704 7.2): the unit's full name + 文件, printed in red over a red line. */
  header?: string;
  /** The legal basis the body cites once (e.g. 《中国共产党问责条例》第七条); kept with the model, not printed apart. */
  basis?: string;
  /** Whether a seal area (印章区) is left over the signature (documents a unit seals). */
  seal?: boolean;
  /** Who receives copies (抄送), printed at the foot of the last page between two lines. */
  copies?: string[];
}

/** A fact of the case's history, as a document may cite it. */
export interface DocumentFact {
  type: string;
  at: string;
  actor: string;
  payload: Record<string, unknown>;
}

/** What the service hands `compose`: the case as committed, the number and the issue date. */
export interface DocumentInput<TContext = unknown> {
  context: TContext;
  subject: DocumentSubject;
  /** The case's state path (comma-joined for parallel regions). */
  state: string;
  facts: DocumentFact[];
  /** The handling unit's name, as printed (its Chinese name when it has one). */
  unitName: string;
  number: string;
  /** ISO 8601 instant of issue. */
  issuedAt: string;
  /** The issue date as printed (e.g. 2026年11月30日). */
  issuedOn: string;
}

export interface DocumentDefinition<TContext = unknown> {
  label: { zh: string; en: string };
  /**
   * The states in which it may be issued: state paths or their prefixes (`execution` covers
   * `execution.appeal.open`). Checked against the machine at start.
   */
  states: readonly string[];
  /** A further condition on the case, e.g. only when the decision named measures. */
  when?(context: TContext): boolean;
  /** The code before the year in its number (发文字号), e.g. 问决 → 问决〔2026〕3号; counted per unit and year. */
  numberCode: string;
  /**
   * The number the case itself gives the document (e.g. the decision's 决定文号 青纪问〔2026〕12号): when
   * it returns one, the document carries it and takes none from the counter (one decision, one number).
   */
  numberOf?(context: TContext): string | undefined;
  /**
   * Whether a leader approves (审批/签发) a draft before it is issued: a draft is submitted, approved
   * (with an optional 批示), then issued; an approval serves one issue.
   */
  approval?: boolean;
  compose(input: DocumentInput<TContext>): DocumentModel;
}

/** A date as printed in a document (Beijing time): 2026年11月30日 — by the renderer's callers and the workflows' compose(). */
export function chinaDate(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(new Date(iso));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return `${part('year')}年${part('month')}月${part('day')}日`;
}
