/*
 * SQLite's planner statistics (sqlite_stat1) are kept by the service: after the migrations and every
 * few hours it runs `PRAGMA optimize=0x10002`. Without them an index a migration adds can mislead the
 * planner (at 1,000,000 cases the case list filtered by workflow took 2 s instead of 5 ms until
 * ANALYZE ran). Here: a store with cases and no statistics gets them, for every index of the case
 * table, at the next start. (PostgreSQL's autovacuum keeps its own: this suite is SQLite's.)
 */
import { openCase, unique, users } from './support/procedure';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestStore, type TestStore } from './support/test-store';

let store: TestStore;
let app: TestApp | undefined;

beforeAll(async () => {
  store = await createTestStore();
});

afterAll(async () => {
  await app?.close();
  await store?.drop();
});

const statsOf = async (table: string) => {
  const exists = await store.query<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'",
  );
  if (!exists.length) return [];
  return store.query<{ idx: string; stat: string }>('SELECT idx, stat FROM sqlite_stat1 WHERE tbl = ?', [
    table,
  ]);
};

it('a store without planner statistics has them for every index of the cases after the next start', async () => {
  app = await startTestApp({}, { store });
  const u = await users(app.baseUrl);
  for (let i = 0; i < 12; i++) await openCase(u, { subject: { ref: unique('p-'), name: `Person ${i}` } });
  await app.close();
  app = undefined;
  await store.exec('DROP TABLE IF EXISTS sqlite_stat1');
  expect(await statsOf('case')).toEqual([]);

  app = await startTestApp({}, { store });
  const indexes = await store.query<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'case' AND sql IS NOT NULL",
  );
  const stats = await statsOf('case');
  expect(indexes.length).toBeGreaterThan(3);
  expect(stats.map((s) => s.idx).sort()).toEqual(expect.arrayContaining(indexes.map((i) => i.name).sort()));
  // The first figure is the table's row count: the 12 cases opened above.
  for (const s of stats) expect(Number(s.stat.split(' ')[0])).toBe(12);
});
