/**
 * One counted thing of a case (see WorkflowDefinition.tallies). The store adds the case's workflow and
 * handling unit; instants are kept in the engine's form (an unreadable one as null).
 */
export interface Tally {
  /** What is counted, in the workflow's words: 'keyTask', 'closed'. */
  kind: string;
  /** The calendar year it is of, when the case names one (a list's year). */
  year?: number | null;
  /** Whom or what it concerns: a department's code, a person's ref. */
  ref?: string | null;
  /** When it falls due, or happened. */
  at?: string | null;
  /** When it was done. */
  doneAt?: string | null;
  /** When it was found met (checked up to standard, verified); null while not. */
  metAt?: string | null;
  /** A measured value (a rate). */
  value?: number | null;
}
