/**
 * The one definition of "overdue": the time limit passed (the deadline fired), it is a limit that
 * flags lateness, and the work it guards is not done yet (the row is not settled). A deadline row is
 * settled when the case leaves the states its workflow says the work is pending in (see the
 * deadline policy's `overdueWhile`), or when the same limit is armed again.
 */
export interface OverdueFields {
  status: string;
  flagsOverdue: boolean | number;
  settledAt: string | null;
}

export function isOverdue(d: OverdueFields): boolean {
  return d.status === 'fired' && Boolean(d.flagsOverdue) && d.settledAt === null;
}

/** The same rule in SQL (SQLite and PostgreSQL) for the deadline table under `alias`. */
export function overdueSql(alias: string): string {
  return `(${alias}.status = 'fired' AND ${alias}.flags_overdue AND ${alias}.settled_at IS NULL)`;
}
