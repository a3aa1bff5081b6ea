/*
 * Migration 1765900000000 (UnitOnCaseRows) on a store from before it, on SQLite and on PostgreSQL: the
 * service decides a case in each of two counties, stops; the store is put back as it was before the
 * migration (no unit_id on measure and deadline, no subject_ref on measure, nor their indexes; a measure's instants written with an
 * offset, as a payload could give them; the migration not run). Started again, the service has
 * backfilled every measure and time limit with its case's handling unit (and each measure with its
 * person's ref), rewritten the instants in the
 * engine's form (UTC, milliseconds, Z), rebuilt the indexes, and GET /indices counts the measures.
 */
import { claims, signJwt } from './support/jwt';
import {
  expectStatus,
  openBody,
  SUBS,
  step,
  steps,
  TO_DECISION,
  type CaseView,
  type Users,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';
import { createTestStore, type TestStore } from './support/test-store';

const MIGRATION = 'UnitOnCaseRows1765900000000';
const PROV = 'mu-prov';
const UNITS = ['mu-a', 'mu-b'];
const YEAR = 2026;
const INDEXES = [
  'IDX_measure_unit_decided',
  'IDX_measure_unit_impact',
  'IDX_deadline_unit_overdue',
  'IDX_case_link_relation_created',
];

/*
 * The instants a payload could give with an offset, and the engine's form of each. PostgreSQL's columns
 * are varchar(24), which the seconds' form with an offset (25 characters) does not fit: it never held one.
 */
const OFFSET_FORMS = {
  sqlite: { decided: '2026-03-10T18:00:00+08:00', impact: '2026-09-10T18:00:00+08:00' },
  postgres: { decided: '2026-03-10T18:00+08:00', impact: '2026-09-10T18:00+08:00' },
};
/*
 * What later migrations built on those columns (the counts the store keeps by trigger), taken away first
 * as their down() would, so that a store from before 1765900000000 has none of them and they run again
 * after it.
 */
const LATER_MIGRATIONS = ['UnitCounts1766100000000', 'Restrictions1766100000001'];
const LATER_TRIGGERS = [
  ['restriction', 'measure'],
  ['measure_count', 'measure'],
  ['overdue_count', 'deadline'],
];
const LATER_TABLES = ['restriction_count', 'restriction', 'measure_count', 'overdue_count'];

async function undoLaterMigrations(store: TestStore): Promise<void> {
  const pg = store.kind === 'postgres';
  for (const [name, table] of LATER_TRIGGERS) {
    for (const op of ['insert', 'update', 'delete'])
      await store.exec(pg ? `DROP TRIGGER ${name}_${op} ON ${table}` : `DROP TRIGGER ${name}_${op}`);
    if (pg) await store.exec(`DROP FUNCTION ${name}_change()`);
  }
  // a table's own triggers (restriction's, which keep restriction_count) go with it
  for (const table of LATER_TABLES) await store.exec(`DROP TABLE ${table}`);
  if (pg) await store.exec('DROP FUNCTION restriction_count_change()');
  await store.exec('DROP INDEX "IDX_measure_unit_person"');
  for (const name of LATER_MIGRATIONS)
    expect(await store.exec('DELETE FROM migrations WHERE name = ?', [name])).toBe(1);
}

const DECIDED = '2026-03-10T10:00:00.000Z';
const IMPACT = '2026-09-10T10:00:00.000Z';

let store: TestStore;
let app: TestApp | undefined;
let baseUrl = '';
const as = (sub: string, roles: string[], unit: string | null) =>
  new Client(baseUrl, signJwt(claims(sub, roles, 3600, unit), TEST_SECRET));
const usersOf = (unit: string): Users =>
  Object.fromEntries(
    (Object.keys(SUBS) as (keyof Users)[]).map((role) => [role, as(`${SUBS[role]}-${unit}`, [role], unit)]),
  ) as unknown as Users;
/** The decided case of each county, by unit. */
const cases: Record<string, string> = {};

const start = async () => {
  app = await startTestApp({}, { store });
  baseUrl = app.baseUrl;
};
const stop = async () => {
  await app?.close();
  app = undefined;
};

beforeAll(async () => {
  store = await createTestStore();
});

afterAll(async () => {
  await stop();
  await store?.drop();
});

/** Each row of the table: its case's unit and its own (null where it has none). */
const unitsOf = (table: 'measure' | 'deadline') =>
  store.query<{ owner: string; own: string | null }>(
    `SELECT c.unit_id AS owner, t.unit_id AS own FROM ${table} t INNER JOIN "case" c ON c.id = t.case_id`,
  );
const columnsOf = async (table: string) =>
  store.kind === 'sqlite'
    ? (await store.query<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`)).map(
        (c) => c.name,
      )
    : (
        await store.query<{ name: string }>(
          'SELECT column_name AS name FROM information_schema.columns WHERE table_name = ?',
          [table],
        )
      ).map((c) => c.name);
const indexNames = async () =>
  store.kind === 'sqlite'
    ? (await store.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index'")).map(
        (r) => r.name,
      )
    : (await store.query<{ name: string }>('SELECT indexname AS name FROM pg_indexes')).map((r) => r.name);

it('the service decides a case in each county, with measures and time limits', async () => {
  await start();
  const admin = as('mu-admin', ['admin'], null);
  expectStatus(await admin.post('/units', { code: PROV, name: '省纪委 Province' }), 201);
  for (const code of UNITS) {
    expectStatus(await admin.post('/units', { code, name: `County ${code}`, parentCode: PROV }), 201);
    const u = usersOf(code);
    const c = expectStatus(await u.integration.post<CaseView>('/cases', openBody()), 201).body;
    await steps(u, c.id, ...TO_DECISION);
    await step(u, c.id, 'DECIDE', {
      decisionNo: `D-${code}`,
      serious: false,
      measures: [
        { type: 'formalWarning', responsibility: 'mainLeadership' },
        { type: 'partyDiscipline', detail: 'warning', responsibility: 'mainLeadership' },
      ],
    });
    cases[code] = c.id;
  }
  expect((await unitsOf('measure')).length).toBe(4);
  expect((await unitsOf('deadline')).length).toBeGreaterThanOrEqual(4); // investigation, delivery of each
  await stop();
}, 300_000);

it('a store put back as before the migration: no unit on the rows, an instant with an offset', async () => {
  await undoLaterMigrations(store);
  for (const name of INDEXES) await store.exec(`DROP INDEX "${name}"`);
  // SQLite drops a column no index uses (3.35 and later)
  for (const table of ['measure', 'deadline'])
    await store.exec(`ALTER TABLE "${table}" DROP COLUMN "unit_id"`);
  await store.exec('ALTER TABLE "measure" DROP COLUMN "subject_ref"');
  const { decided, impact } = OFFSET_FORMS[store.kind];
  const changed = await store.exec(
    `UPDATE measure SET decided_at = ?, impact_until = ? WHERE case_id = ? AND type = 'formalWarning'`,
    [decided, impact, cases[UNITS[0]]],
  );
  expect(changed).toBe(1);
  expect(await store.exec('DELETE FROM migrations WHERE name = ?', [MIGRATION])).toBe(1);
  for (const table of ['measure', 'deadline']) expect(await columnsOf(table)).not.toContain('unit_id');
  expect(await columnsOf('measure')).not.toContain('subject_ref');
  expect(await indexNames()).not.toEqual(expect.arrayContaining([INDEXES[0]]));
});

it('started again, the migration backfills every row with its case’s unit and writes the instants in the engine’s form', async () => {
  await start();
  for (const table of ['measure', 'deadline'] as const) {
    const rows = await unitsOf(table);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.filter((r) => r.own !== r.owner)).toEqual([]);
    expect(new Set(rows.map((r) => r.own))).toEqual(new Set(UNITS));
  }
  // and every measure with the ref of the person it is about
  const refs = await store.query<{ own: string; subject: string }>(
    'SELECT m.subject_ref AS own, s.ref AS subject FROM measure m INNER JOIN subject s ON s.id = m.subject_id',
  );
  expect(refs.length).toBe(4);
  expect(refs.filter((r) => r.own !== r.subject)).toEqual([]);
  const [rewritten] = await store.query<{ decided_at: string; impact_until: string }>(
    `SELECT decided_at, impact_until FROM measure WHERE case_id = ? AND type = 'formalWarning'`,
    [cases[UNITS[0]]],
  );
  expect(rewritten).toEqual({ decided_at: DECIDED, impact_until: IMPACT });
  // the instants the engine wrote itself are left as they were: already in its form
  const all = await store.query<{ decided_at: string }>('SELECT decided_at FROM measure');
  for (const { decided_at } of all) expect(decided_at).toBe(new Date(decided_at).toISOString());
  expect(await indexNames()).toEqual(expect.arrayContaining(INDEXES));
  expect(await store.query('SELECT name FROM migrations WHERE name = ?', [MIGRATION])).toHaveLength(1);
});

it('GET /indices counts the measures of each county, the rewritten one in its year', async () => {
  const supervisor = as('mu-sup', ['supervisor'], PROV);
  const report = expectStatus(
    await supervisor.get<{ rows: { unit: { code: string }; softMeasures: { numerator: number } }[] }>(
      `/indices?year=${YEAR}&unit=${PROV}`,
    ),
    200,
  ).body;
  const soft = Object.fromEntries(report.rows.map((r) => [r.unit.code, r.softMeasures.numerator]));
  // the rewritten formal warning was decided in 2026 whatever year the test runs in; the other county's
  // formal warning, decided when the test ran, counts in 2026 only when that is now
  const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() === YEAR ? 1 : 0;
  expect(soft).toEqual({ [PROV]: 0, [UNITS[0]]: 1, [UNITS[1]]: thisYear });
  const drill = expectStatus(
    await supervisor.get<{ items: { caseId: string; detail: string | null }[] }>(
      `/indices/cases?year=${YEAR}&unit=${UNITS[0]}&figure=softMeasures`,
    ),
    200,
  ).body.items;
  expect(drill.map((i) => [i.caseId, i.detail])).toEqual([
    [cases[UNITS[0]], 'measure formalWarning decided 2026-03-10'],
  ]);
});
