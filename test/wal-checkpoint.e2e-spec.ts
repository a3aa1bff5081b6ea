/*
 * SQLite's checkpoints off the event loop (database/wal-checkpointer.ts): the service's thread copies
 * what was committed from the WAL back into the database file within SQLITE_CHECKPOINT_MS, where
 * SQLite's own checkpoint would wait for 1,000 pages of WAL and then run inside one request's COMMIT.
 * What a user can check: the database file alone (without its -wal), copied while the service runs,
 * holds the cases just opened. A bad setting stops the service at start with a message.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './support/deadline-helpers';
import { openCase, users, type CaseView } from './support/procedure';
import { validateConfig } from '../src/config/config.validate';
import { startTestApp, type TestApp } from './support/test-app';
import { createSqliteStore } from './support/test-store';

const copies = mkdtempSync(join(tmpdir(), 'wenze-wal-'));
afterAll(() => rmSync(copies, { recursive: true, force: true }));

/** The cases in a copy of the database file alone, as a backup of that file without its WAL would hold them. */
function casesInFileAlone(app: TestApp, ids: readonly string[]): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const copy = join(copies, `copy-${Date.now()}-${Math.random()}.sqlite`);
  copyFileSync(app.dbPath, copy);
  const db = new Database(copy);
  try {
    // a file never checkpointed does not hold even the tables the migrations made
    if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'case'`).get()) return 0;
    const marks = ids.map(() => '?').join(', ');
    return (
      db.prepare(`SELECT COUNT(*) AS n FROM "case" WHERE id IN (${marks})`).get(...ids) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

async function openSome(app: TestApp, count: number): Promise<string[]> {
  const u = await users(app.baseUrl);
  const opened: CaseView[] = [];
  for (let i = 0; i < count; i++) opened.push(await openCase(u));
  return opened.map((c) => c.id);
}

describe('SQLite checkpoints in a thread of their own', () => {
  it('the cases opened are in the database file itself soon after, without 1,000 pages of WAL first', async () => {
    const app = await startTestApp({ SQLITE_CHECKPOINT_MS: '100' }, { store: createSqliteStore() });
    try {
      const ids = await openSome(app, 5);
      // a copy taken while a checkpoint writes may be torn: the probe then fails and is tried again
      await waitFor('the opened cases in the database file', () => casesInFileAlone(app, ids) === 5, 10_000);
    } finally {
      await app.close();
      await app.store.drop();
    }
  });

  it("with SQLITE_CHECKPOINT_MS=0 they stay in the WAL until SQLite's own checkpoint (the control)", async () => {
    const app = await startTestApp({ SQLITE_CHECKPOINT_MS: '0' }, { store: createSqliteStore() });
    try {
      const ids = await openSome(app, 5);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(casesInFileAlone(app, ids)).toBe(0);
    } finally {
      await app.close();
      await app.store.drop();
    }
  });

  it('a setting out of its range is refused at start, naming it', () => {
    expect(() => validateConfig({ SQLITE_CHECKPOINT_MS: '-5' })).toThrow(
      'SQLITE_CHECKPOINT_MS must be 0 or more',
    );
    expect(() => validateConfig({ SQLITE_CHECKPOINT_MS: 'often' })).toThrow(
      'SQLITE_CHECKPOINT_MS must be a whole number of milliseconds',
    );
    expect(validateConfig({}).SQLITE_CHECKPOINT_MS).toBe(200);
    // and PostgreSQL's pool, beside it
    expect(() => validateConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(
      'DATABASE_POOL_SIZE must be at least 1',
    );
    expect(validateConfig({}).DATABASE_POOL_SIZE).toBe(10);
  });
});
