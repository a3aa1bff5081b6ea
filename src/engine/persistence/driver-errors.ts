/** The one place that reads driver error codes (better-sqlite3 and pg), wrapped by TypeORM or not. */
function codeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** SQLite's lock timeout: another process held the write lock for longer than busy_timeout. */
export function isBusy(error: unknown): boolean {
  return codeOf(error) === 'SQLITE_BUSY';
}

/** PostgreSQL gave up one of two transactions waiting for each other (40P01) or could not serialise it (40001). */
export function isDeadlock(error: unknown): boolean {
  const code = codeOf(error);
  return code === '40P01' || code === '40001';
}

export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Text the store refuses as sent: NUL characters (PostgreSQL 22021) or longer than its column (22001). */
export function textRefusal(error: unknown): 'nul' | 'tooLong' | null {
  const code = codeOf(error);
  if (code === '22021') return 'nul';
  if (code === '22001') return 'tooLong';
  return null;
}
