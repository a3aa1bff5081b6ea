/*
 * SQLite's planner statistics and the indices' workflow index (migration 1765850000000): a store never
 * analysed stays so (the planner's defaults keep the ordered index for the case list); a store whose
 * statistics were gathered gets them for the new index too, or the planner takes it for a workflow
 * filter and sorts three quarters of the cases (2.2 s instead of 6 ms at 1,000,000 cases).
 * (PostgreSQL keeps its statistics itself: this suite is SQLite's.)
 */
import { openCase, unique, users } from './support/procedure';
import { startTestApp, type TestApp } from './support/test-app';
import { createSqliteStore, type TestStore } from './support/test-store';

let store: TestStore;
let app: TestApp | undefined;

beforeAll(async () => {
  // SQLite's even when the run names a PostgreSQL server (CI exports WENZE_TEST_PG_URL for test:pg).
  store = createSqliteStore();
});

afterAll(async () => {
  await app?.close();
  await store?.drop();
});

const statTable = async () =>
  store.query<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'",
  );
const statOf = async (index: string) =>
  store.query<{ stat: string }>('SELECT stat FROM sqlite_stat1 WHERE idx = ?', [index]);

it('a store never analysed is left without statistics', async () => {
  app = await startTestApp({}, { store });
  const u = await users(app.baseUrl);
  for (let i = 0; i < 6; i++) await openCase(u, { subject: { ref: unique('p-'), name: `Person ${i}` } });
  await app.close();
  app = undefined;
  expect(await statTable()).toEqual([]);
});

it('an analysed store gets the statistics of the new index when the migration runs', async () => {
  await store.exec('ANALYZE');
  // As before the migration: no index, no statistics for it, the migration not run.
  await store.exec('DROP INDEX "IDX_case_workflow_unit"');
  await store.exec(`DELETE FROM sqlite_stat1 WHERE idx = 'IDX_case_workflow_unit'`);
  await store.exec(`DELETE FROM migrations WHERE name = 'CaseWorkflowUnitIndex1765850000000'`);
  expect(await statOf('IDX_case_workflow_unit')).toEqual([]);
  expect((await statOf('IDX_case_unit_created')).length).toBe(1);

  app = await startTestApp({}, { store });
  const [stat] = await statOf('IDX_case_workflow_unit');
  // The first figure is the number of rows: the six cases opened above.
  expect(stat.stat.split(' ')[0]).toBe('6');
});
